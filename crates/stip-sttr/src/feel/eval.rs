//! Evaluation of parsed FEEL with FEEL's null semantics; variables may be unknown (partial evaluation).

use super::{CmpOp, Expr, Func, Test, UnaryTests, VarRef};
use crate::value::Value;
use std::borrow::Cow;
use std::cmp::Ordering;

/// A variable the expression needs is not known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unknown;

/// Where expressions find variable values; `None` means "not known yet". Values are lent, not copied: evaluation
/// reads them in place.
pub(crate) trait Env {
    fn get(&self, v: VarRef) -> Option<&Value>;
}

/// FEEL null, to lend where an expression yields null without a value to borrow.
pub(crate) static NULL: Value = Value::Null;

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// FEEL `=`: null only equals null; different kinds give null.
pub(crate) fn feel_eq(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => Some(false),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = true;
            for (p, q) in x.iter().zip(y.iter()) {
                match feel_eq(p, q) {
                    Some(true) => {}
                    Some(false) => all = false,
                    None => return None,
                }
            }
            Some(all)
        }
        _ => None,
    }
}

fn cmp_op(op: CmpOp, a: &Value, b: &Value) -> Value {
    let r = match op {
        CmpOp::Eq => feel_eq(a, b),
        CmpOp::Ne => feel_eq(a, b).map(|x| !x),
        _ => compare(a, b).map(|o| match op {
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
            CmpOp::Eq | CmpOp::Ne => unreachable!("handled above"),
        }),
    };
    r.map_or(Value::Null, Value::Bool)
}

fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

pub(crate) fn eval(e: &Expr, input: Option<&Value>, env: &dyn Env) -> Result<Value, Unknown> {
    eval_ref(e, input, env).map(Cow::into_owned)
}

/// [`eval`] that lends what it can: a literal, `?` and a variable are borrowed from the expression, the input and
/// the environment, not copied; only computed values are owned.
pub(crate) fn eval_ref<'a>(e: &'a Expr, input: Option<&'a Value>, env: &'a dyn Env) -> Result<Cow<'a, Value>, Unknown> {
    Ok(Cow::Owned(match e {
        Expr::Lit(v) => return Ok(Cow::Borrowed(v)),
        Expr::Input => return Ok(Cow::Borrowed(input.unwrap_or(&NULL))),
        Expr::Var(v) => return env.get(*v).map(Cow::Borrowed).ok_or(Unknown),
        Expr::Cmp(op, a, b) => cmp_op(*op, &*eval_ref(a, input, env)?, &*eval_ref(b, input, env)?),
        Expr::Between(x, lo, hi) => {
            let x = eval_ref(x, input, env)?;
            let lo = eval_ref(lo, input, env)?;
            let hi = eval_ref(hi, input, env)?;
            match (compare(&x, &lo), compare(&x, &hi)) {
                (Some(a), Some(b)) => Value::Bool(a != Ordering::Less && b != Ordering::Greater),
                _ => Value::Null,
            }
        }
        Expr::And(a, b) => {
            let a = truth(&*eval_ref(a, input, env)?);
            if a == Some(false) {
                return Ok(Cow::Owned(Value::Bool(false)));
            }
            let b = truth(&*eval_ref(b, input, env)?);
            match (a, b) {
                (_, Some(false)) => Value::Bool(false),
                (Some(true), Some(true)) => Value::Bool(true),
                _ => Value::Null,
            }
        }
        Expr::Or(a, b) => {
            let a = truth(&*eval_ref(a, input, env)?);
            if a == Some(true) {
                return Ok(Cow::Owned(Value::Bool(true)));
            }
            let b = truth(&*eval_ref(b, input, env)?);
            match (a, b) {
                (_, Some(true)) => Value::Bool(true),
                (Some(false), Some(false)) => Value::Bool(false),
                _ => Value::Null,
            }
        }
        Expr::If(c, a, b) => {
            return if truth(&*eval_ref(c, input, env)?) == Some(true) {
                eval_ref(a, input, env)
            } else {
                eval_ref(b, input, env)
            };
        }
        Expr::List(items) => {
            Value::List(items.iter().map(|i| eval(i, input, env)).collect::<Result<Vec<_>, _>>()?.into())
        }
        Expr::Call(f, args) => match args.as_slice() {
            // the functions STTR uses take one or two arguments: lent, without collecting them
            [x] => call(*f, &[&*eval_ref(x, input, env)?]),
            [x, y] => call(*f, &[&*eval_ref(x, input, env)?, &*eval_ref(y, input, env)?]),
            _ => {
                let a: Vec<Cow<Value>> = args.iter().map(|x| eval_ref(x, input, env)).collect::<Result<_, _>>()?;
                call(*f, &a.iter().map(|v| &**v).collect::<Vec<_>>())
            }
        },
    }))
}

fn call(f: Func, a: &[&Value]) -> Value {
    match (f, a) {
        (Func::Contains, [Value::String(s), Value::String(m)]) => Value::Bool(s.contains(&**m)),
        (Func::StartsWith, [Value::String(s), Value::String(m)]) => Value::Bool(s.starts_with(&**m)),
        (Func::EndsWith, [Value::String(s), Value::String(m)]) => Value::Bool(s.ends_with(&**m)),
        (Func::Not, [Value::Bool(b)]) => Value::Bool(!b),
        (Func::StringLength, [Value::String(s)]) => Value::Number(s.chars().count() as f64),
        (Func::UpperCase, [Value::String(s)]) => Value::string(s.to_uppercase()),
        (Func::LowerCase, [Value::String(s)]) => Value::string(s.to_lowercase()),
        (Func::ListContains, [Value::List(l), x]) => Value::Bool(l.iter().any(|i| feel_eq(i, x) == Some(true))),
        (Func::Count, [Value::List(l)]) => Value::Number(l.len() as f64),
        _ => Value::Null,
    }
}

fn test_one(t: &Test, input: &Value, env: &dyn Env) -> Result<Option<bool>, Unknown> {
    Ok(match t {
        Test::Cmp(op, e) => truth(&cmp_op(*op, input, &*eval_ref(e, Some(input), env)?)),
        Test::Range { lo, lo_incl, hi, hi_incl } => {
            let lo = eval_ref(lo, Some(input), env)?;
            let hi = eval_ref(hi, Some(input), env)?;
            match (compare(input, &lo), compare(input, &hi)) {
                (Some(a), Some(b)) => {
                    let lo_ok = if *lo_incl { a != Ordering::Less } else { a == Ordering::Greater };
                    let hi_ok = if *hi_incl { b != Ordering::Greater } else { b == Ordering::Less };
                    Some(lo_ok && hi_ok)
                }
                _ => None,
            }
        }
        Test::Value(e) => match &*eval_ref(e, Some(input), env)? {
            Value::List(items) if !matches!(input, Value::List(_)) => {
                let mut any_null = false;
                for i in items.iter() {
                    match feel_eq(input, i) {
                        Some(true) => return Ok(Some(true)),
                        Some(false) => {}
                        None => any_null = true,
                    }
                }
                if any_null { None } else { Some(false) }
            }
            v => feel_eq(input, v),
        },
        Test::Bool(e) => truth(&*eval_ref(e, Some(input), env)?),
    })
}

/// Evaluates a cell against an input value: `Some(true)` is a match; `Some(false)`/`None` (FEEL null) are not.
pub(crate) fn unary(tests: &UnaryTests, input: &Value, env: &dyn Env) -> Result<Option<bool>, Unknown> {
    let disj = |ts: &[Test]| -> Result<Option<bool>, Unknown> {
        let mut any_null = false;
        for t in ts {
            match test_one(t, input, env)? {
                Some(true) => return Ok(Some(true)),
                Some(false) => {}
                None => any_null = true,
            }
        }
        Ok(if any_null { None } else { Some(false) })
    };
    match tests {
        UnaryTests::Any => Ok(Some(true)),
        // the most common cell, one literal that is not a list: its equality, as `test_one` would give it
        UnaryTests::Tests(ts)
            if let [Test::Value(Expr::Lit(v))] = ts.as_slice()
                && !matches!(v, Value::List(_)) =>
        {
            Ok(feel_eq(input, v))
        }
        UnaryTests::Tests(ts) => disj(ts),
        UnaryTests::Not(ts) => Ok(disj(ts)?.map(|b| !b)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Scope, parse_unary_tests};
    use super::*;

    struct NoVars;
    impl Env for NoVars {
        fn get(&self, _: VarRef) -> Option<&Value> {
            None
        }
    }

    fn m(test: &str, v: Value) -> bool {
        let t = parse_unary_tests(test, &Scope::default()).unwrap();
        unary(&t, &v, &NoVars).unwrap() == Some(true)
    }

    #[test]
    fn a_half_open_range_includes_its_lower_bound_only() {
        assert!(m("[20..30)", Value::Number(20.0)));
        assert!(m("[20..30)", Value::Number(29.99)));
        assert!(!m("[20..30)", Value::Number(30.0)));
        assert!(!m("[20..30)", Value::Number(19.99)));
    }

    #[test]
    fn not_null_matches_every_value_but_null() {
        assert!(m("not(null)", Value::Number(1.0)));
        assert!(m("not(null)", Value::string("x")));
        assert!(!m("not(null)", Value::Null));
    }

    #[test]
    fn the_builder_cross_test_reads_contains_on_the_input() {
        let t = r#"if ?=null then false else contains(?,"Vergunningplicht pad 2_")"#;
        assert!(m(t, Value::string("x Vergunningplicht pad 2_ y")));
        assert!(!m(t, Value::string("no hit")));
        assert!(!m(t, Value::Null));
    }

    #[test]
    fn a_string_test_never_matches_a_boolean() {
        assert!(!m("\"ja\"", Value::Bool(true)));
        assert!(m("\"ja\", \"deels\"", Value::string("deels")));
    }
}
