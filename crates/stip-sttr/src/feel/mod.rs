//! The FEEL subset STTR uses: parsed once at import into an AST (`Expr`, `UnaryTests`), evaluated without parsing.

pub(crate) mod eval;
mod parse;

pub(crate) use eval::Unknown;
pub(crate) use parse::{Scope, parse_expression, parse_unary_tests};

use crate::value::Value;

/// Reference to a variable visible in an expression: a model input or another decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum VarRef {
    Input(usize),
    Decision(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    Contains,
    StartsWith,
    EndsWith,
    Not,
    StringLength,
    UpperCase,
    LowerCase,
    ListContains,
    Count,
}

impl Func {
    pub(crate) const ALL: [(&'static str, Func, usize); 9] = [
        ("contains", Func::Contains, 2),
        ("starts with", Func::StartsWith, 2),
        ("ends with", Func::EndsWith, 2),
        ("not", Func::Not, 1),
        ("string length", Func::StringLength, 1),
        ("upper case", Func::UpperCase, 1),
        ("lower case", Func::LowerCase, 1),
        ("list contains", Func::ListContains, 2),
        ("count", Func::Count, 1),
    ];
}

/// A FEEL expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Lit(Value),
    /// `?`, the input value inside a unary test.
    Input,
    Var(VarRef),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
    List(Vec<Expr>),
}

impl Expr {
    pub(crate) fn uses_input(&self) -> bool {
        match self {
            Expr::Input => true,
            Expr::Lit(_) | Expr::Var(_) => false,
            Expr::Cmp(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => a.uses_input() || b.uses_input(),
            Expr::Between(a, b, c) | Expr::If(a, b, c) => a.uses_input() || b.uses_input() || c.uses_input(),
            Expr::Call(_, args) | Expr::List(args) => args.iter().any(Expr::uses_input),
        }
    }

    pub(crate) fn vars(&self, out: &mut Vec<VarRef>) {
        match self {
            Expr::Var(v) => out.push(*v),
            Expr::Input | Expr::Lit(_) => {}
            Expr::Cmp(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                a.vars(out);
                b.vars(out);
            }
            Expr::Between(a, b, c) | Expr::If(a, b, c) => {
                a.vars(out);
                b.vars(out);
                c.vars(out);
            }
            Expr::Call(_, args) | Expr::List(args) => args.iter().for_each(|a| a.vars(out)),
        }
    }

    pub(crate) fn literal(&self) -> Option<&Value> {
        match self {
            Expr::Lit(v) => Some(v),
            _ => None,
        }
    }
}

/// One positive unary test.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Test {
    /// `< e`, `<= e`, `> e`, `>= e` (and `= e`, `!= e`).
    Cmp(CmpOp, Expr),
    /// `[a..b)` and friends.
    Range { lo: Expr, lo_incl: bool, hi: Expr, hi_incl: bool },
    /// A plain value: equality, or membership when it is a list.
    Value(Expr),
    /// An expression over `?` that yields a boolean.
    Bool(Expr),
}

/// A cell of a decision table's input column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum UnaryTests {
    /// `-`: matches anything.
    Any,
    Tests(Vec<Test>),
    Not(Vec<Test>),
}

impl UnaryTests {
    pub(crate) fn is_any(&self) -> bool {
        matches!(self, UnaryTests::Any)
    }

    pub(crate) fn tests(&self) -> &[Test] {
        match self {
            UnaryTests::Any => &[],
            UnaryTests::Tests(t) | UnaryTests::Not(t) => t,
        }
    }

    /// Variables (other than `?`) the tests read.
    pub(crate) fn vars(&self, out: &mut Vec<VarRef>) {
        for t in self.tests() {
            match t {
                Test::Cmp(_, e) | Test::Value(e) | Test::Bool(e) => e.vars(out),
                Test::Range { lo, hi, .. } => {
                    lo.vars(out);
                    hi.vars(out);
                }
            }
        }
    }
}

/// Parses `text` as a FEEL expression and as unary tests (with the variables `a` and `b` in scope), and evaluates
/// what parsed against `input` (`a` is `input`, `b` is null). What STTR import and evaluation do to one cell,
/// standalone: for the fuzz harness and for checking a single expression. Returns the expression's value, or the
/// parse error of both readings.
pub fn check(text: &str, input: &Value) -> Result<Value, String> {
    struct Vars<'a>(&'a Value);
    impl eval::Env for Vars<'_> {
        fn get(&self, v: VarRef) -> Option<&Value> {
            match v {
                VarRef::Input(0) => Some(self.0),
                _ => Some(&eval::NULL),
            }
        }
    }
    let mut scope = Scope::default();
    scope.add("a", VarRef::Input(0));
    scope.add("b", VarRef::Decision(0));
    let env = Vars(input);
    let tests = parse_unary_tests(text, &scope);
    if let Ok(t) = &tests {
        let _ = eval::unary(t, input, &env);
    }
    match parse_expression(text, &scope) {
        Ok(e) => Ok(eval::eval(&e, Some(input), &env).unwrap_or(Value::Null)),
        Err(e) => Err(tests.err().map_or(e.clone(), |t| format!("{e}; {t}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_expression_is_checked_standalone_with_a_as_the_input() {
        assert_eq!(check("a > 2 and contains(\"abc\", \"b\")", &Value::Number(3.0)), Ok(Value::Bool(true)));
        assert_eq!(check("b = null", &Value::Null), Ok(Value::Bool(true)));
        assert!(check("[20..30", &Value::Null).is_err());
    }
}
