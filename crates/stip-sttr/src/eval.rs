//! Decision evaluation: strict DMN semantics (`evaluate`) and the partial evaluation with unknown answers the check uses.

use crate::conclusie::Conclusie;
use crate::feel::eval::{Env, eval, eval_ref, unary};
use crate::feel::{Expr, Unknown, VarRef};
use crate::model::{Aggregation, DecisionTable, HitPolicy, Logic, Model};
use crate::value::Value;
use std::borrow::Cow;

/// What is known about a value during partial evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AVal {
    Known(Value),
    /// One of these (two or more) values.
    Set(Vec<Value>),
    /// Not known.
    Any,
}

/// Result of evaluating a model with some inputs unknown.
#[derive(Debug, Clone)]
pub(crate) struct Partial {
    pub values: Vec<AVal>,
    /// Per decision: rows (0-based) that match whatever the unknown answers turn out to be.
    pub fired: Vec<Vec<usize>>,
}

struct Slots<'a> {
    inputs: &'a [Option<Value>],
    decisions: &'a [AVal],
}

impl Env for Slots<'_> {
    fn get(&self, v: VarRef) -> Option<&Value> {
        match v {
            VarRef::Input(i) => self.inputs.get(i).and_then(Option::as_ref),
            VarRef::Decision(d) => match self.decisions.get(d) {
                Some(AVal::Known(v)) => Some(v),
                _ => None,
            },
        }
    }
}

/// Lenient resolution of conflicting outputs of the conclusion decision: STTR builders let several
/// paths of an ANY/UNIQUE table fire; stip then takes the most restrictive conclusion.
fn resolve(outs: &[&Value]) -> Value {
    let mut best: Option<(Conclusie, &Value)> = None;
    for &o in outs {
        let Some(c) = o.as_str().and_then(Conclusie::parse) else {
            return Value::Null;
        };
        if best.is_none_or(|(b, _)| c < b) {
            best = Some((c, o));
        }
    }
    best.map_or(Value::Null, |(_, v)| v.clone())
}

fn priority_index(t: &DecisionTable, v: &Value) -> usize {
    t.output.output_values.iter().position(|o| o == v).unwrap_or(usize::MAX)
}

/// The table's result for the given matched rows' outputs (in rule order).
fn hit_result(t: &DecisionTable, outs: &[&Value], lenient: bool) -> Value {
    let Some(&first) = outs.first() else { return Value::Null };
    let owned = || Value::List(outs.iter().map(|&o| o.clone()).collect());
    match t.hit_policy {
        HitPolicy::Unique => {
            if outs.len() == 1 {
                first.clone()
            } else if lenient {
                resolve(outs)
            } else {
                Value::Null
            }
        }
        HitPolicy::Any => {
            if outs.iter().all(|&o| o == first) {
                first.clone()
            } else if lenient {
                resolve(outs)
            } else {
                Value::Null
            }
        }
        HitPolicy::First => first.clone(),
        HitPolicy::Priority => outs.iter().min_by_key(|&&o| priority_index(t, o)).map_or(Value::Null, |&o| o.clone()),
        HitPolicy::RuleOrder => owned(),
        HitPolicy::OutputOrder => {
            let mut o = outs.to_vec();
            o.sort_by_key(|&v| priority_index(t, v));
            Value::List(o.into_iter().cloned().collect())
        }
        HitPolicy::Collect => match t.aggregation {
            None => owned(),
            Some(Aggregation::Count) => Value::Number(outs.len() as f64),
            Some(agg) => {
                let mut nums = Vec::new();
                for &o in outs {
                    match o {
                        Value::Number(n) => nums.push(*n),
                        _ => return Value::Null,
                    }
                }
                Value::Number(match agg {
                    Aggregation::Sum => nums.iter().sum(),
                    Aggregation::Min => nums.iter().copied().fold(f64::INFINITY, f64::min),
                    Aggregation::Max => nums.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    Aggregation::Count => unreachable!("handled above"),
                })
            }
        },
    }
}

/// DMN type conversion of a decision result to its declared builtin type.
fn coerce(v: Value, ty: &Option<(String, bool)>) -> Value {
    let Some((t, coll)) = ty else { return v };
    if *coll {
        return v;
    }
    let ok = |v: &Value| {
        matches!(
            (t.as_str(), v),
            (_, Value::Null)
                | ("string", Value::String(_))
                | ("number", Value::Number(_))
                | ("boolean", Value::Bool(_))
        )
    };
    if ok(&v) {
        return v;
    }
    if let Value::List(l) = &v
        && l.len() == 1
        && ok(&l[0])
    {
        return l[0].clone();
    }
    Value::Null
}

fn push_unique(set: &mut Vec<Value>, v: Value) {
    if !set.contains(&v) {
        set.push(v);
    }
}

fn to_aval(mut set: Vec<Value>) -> AVal {
    match set.len() {
        0 => AVal::Any,
        1 => AVal::Known(set.pop().unwrap_or_default()),
        _ => AVal::Set(set),
    }
}

/// Most combinations of column values tried exactly before falling back to three-valued logic.
const MAX_COMBINATIONS: usize = 64;

/// Most distinct sequences of row outputs [`enumerate`] remembers to skip the combinations that repeat one.
const MAX_REEKSEN: usize = 16;

enum Column<'a> {
    Known(Cow<'a, Value>),
    /// One of these (borrowed from the question's representatives or a decision's set of values).
    Many(&'a [Value]),
    Unknown,
}

impl Column<'_> {
    /// The values the column takes (none when unknown).
    fn waarden(&self) -> &[Value] {
        match self {
            Column::Known(v) => std::slice::from_ref(&**v),
            Column::Many(vs) => vs,
            Column::Unknown => &[],
        }
    }
}

fn eval_table(model: &Model, d: usize, t: &DecisionTable, slots: &Slots<'_>, lenient: bool) -> (AVal, Vec<usize>) {
    let dec = &model.decisions[d];
    let cols: Vec<Column> = t
        .inputs
        .iter()
        .map(|c| match &c.expr {
            Expr::Var(VarRef::Input(i)) => match slots.inputs.get(*i).and_then(Option::as_ref) {
                Some(v) => Column::Known(Cow::Borrowed(v)),
                None => match model.vragen.get(*i).and_then(|q| q.reps.as_deref()) {
                    Some(r) => Column::Many(r),
                    None => Column::Unknown,
                },
            },
            Expr::Var(VarRef::Decision(j)) => match &slots.decisions[*j] {
                AVal::Known(v) => Column::Known(Cow::Borrowed(v)),
                AVal::Set(vs) => Column::Many(vs),
                AVal::Any => Column::Unknown,
            },
            e => match eval(e, None, slots) {
                Ok(v) => Column::Known(Cow::Owned(v)),
                Err(Unknown) => Column::Unknown,
            },
        })
        .collect();

    // exact: try every combination of column values
    let combos = cols.iter().try_fold(1usize, |acc, c| match c {
        Column::Known(_) => Some(acc),
        Column::Many(v) => acc.checked_mul(v.len()).filter(|n| *n <= MAX_COMBINATIONS),
        Column::Unknown => None,
    });
    if let Some(n) = combos {
        #[cfg(test)]
        let r = if tests::PLAIN.get() { enumerate_plain } else { enumerate }(t, &cols, n, slots, lenient, &dec.coerce);
        #[cfg(not(test))]
        let r = enumerate(t, &cols, n, slots, lenient, &dec.coerce);
        if let Some(r) = r {
            return r;
        }
    }

    // three-valued: per rule true / false / unknown
    #[derive(Clone, Copy, PartialEq)]
    enum Tri {
        T,
        F,
        U,
    }
    let tri_of = |tests: &crate::feel::UnaryTests, col: &Column| -> Tri {
        if tests.is_any() {
            return Tri::T;
        }
        let one = |v: &Value| match unary(tests, v, slots) {
            Ok(Some(true)) => Tri::T,
            Ok(_) => Tri::F,
            Err(Unknown) => Tri::U,
        };
        match col {
            Column::Known(v) => one(v),
            Column::Many(vs) => {
                let rs: Vec<Tri> = vs.iter().map(one).collect();
                if rs.iter().all(|r| *r == Tri::T) {
                    Tri::T
                } else if rs.iter().all(|r| *r == Tri::F) {
                    Tri::F
                } else {
                    Tri::U
                }
            }
            Column::Unknown => Tri::U,
        }
    };
    let mut rule_tri = Vec::with_capacity(t.rules.len());
    for r in &t.rules {
        let mut acc = Tri::T;
        for (ci, tests) in r.tests.iter().enumerate() {
            match tri_of(tests, &cols[ci]) {
                Tri::F => {
                    acc = Tri::F;
                    break;
                }
                Tri::U => acc = Tri::U,
                Tri::T => {}
            }
        }
        rule_tri.push(acc);
    }
    let fired: Vec<usize> = (0..t.rules.len()).filter(|&i| rule_tri[i] == Tri::T).collect();
    let live: Vec<usize> = (0..t.rules.len()).filter(|&i| rule_tri[i] != Tri::F).collect();
    // every live row's output once (the outputs do not depend on the row's input values)
    let mut live_outs: Vec<Option<Value>> = vec![None; t.rules.len()];
    for &ri in &live {
        match eval(&t.rules[ri].output, None, slots) {
            Ok(o) => live_outs[ri] = Some(o),
            // every live row is taken in some combination below; an unknown output makes the result unknown
            Err(Unknown) => return (AVal::Any, fired),
        }
    }
    let out_of = |ri: usize| live_outs[ri].clone();
    let unknown: Vec<usize> = live.iter().copied().filter(|&i| rule_tri[i] == Tri::U).collect();
    let mut set = Vec::new();
    match t.hit_policy {
        HitPolicy::First => {
            let mut definite = false;
            for &ri in &live {
                let Some(o) = out_of(ri) else { return (AVal::Any, fired) };
                push_unique(&mut set, coerce(o, &dec.coerce));
                if rule_tri[ri] == Tri::T {
                    definite = true;
                    break;
                }
            }
            if !definite {
                push_unique(&mut set, Value::Null);
            }
            return (to_aval(set), fired.into_iter().take(1).collect());
        }
        HitPolicy::Unique | HitPolicy::Any | HitPolicy::Priority if unknown.len() > 6 => {
            let mut outs = Vec::new();
            for &ri in &live {
                let Some(o) = out_of(ri) else { return (AVal::Any, fired) };
                push_unique(&mut set, coerce(o.clone(), &dec.coerce));
                push_unique(&mut outs, o);
            }
            if fired.is_empty() {
                push_unique(&mut set, Value::Null);
            }
            // two rows may fire together: a conflict for UNIQUE always, for ANY when outputs differ
            let conflict = match t.hit_policy {
                HitPolicy::Unique => live.len() > 1,
                HitPolicy::Any => outs.len() > 1,
                _ => false,
            };
            if conflict {
                let all_conclusions = outs.iter().all(|o| o.as_str().and_then(Conclusie::parse).is_some());
                if !lenient || !all_conclusions {
                    push_unique(&mut set, Value::Null);
                }
            }
        }
        _ if unknown.len() <= 6 => {
            let mut outs = Vec::new();
            for mask in 0u32..(1 << unknown.len()) {
                outs.clear();
                for &ri in &live {
                    let take = match unknown.iter().position(|&u| u == ri) {
                        Some(bit) => mask & (1 << bit) != 0,
                        None => true,
                    };
                    if take {
                        let Some(o) = &live_outs[ri] else { return (AVal::Any, fired) };
                        outs.push(o);
                    }
                }
                push_unique(&mut set, coerce(hit_result(t, &outs, lenient), &dec.coerce));
            }
        }
        _ => return (AVal::Any, fired),
    }
    (to_aval(set), fired)
}

/// The table's value over every combination of its columns' possible values (`n` ≤ 64 combinations, column 0 the
/// fastest-changing), and the rows that fire in all of them; `None` when a combination meets a cell or an output that
/// reads an unknown value. Bit `k` of a row's mask stands for combination `k`: a row's cells are tested column by
/// column only against the values of the combinations its earlier cells left open, and each row's output is
/// evaluated once.
fn enumerate(
    t: &DecisionTable,
    cols: &[Column<'_>],
    n: usize,
    slots: &Slots<'_>,
    lenient: bool,
    ty: &Option<(String, bool)>,
) -> Option<(AVal, Vec<usize>)> {
    if n == 0 {
        // a column without values: nothing to enumerate
        return Some((AVal::Any, Vec::new()));
    }
    debug_assert!(n <= 64);
    if cols.iter().any(|c| matches!(c, Column::Unknown)) {
        return None;
    }
    if n == 1 {
        return een_combinatie(t, cols, slots, lenient, ty);
    }
    let alle: u64 = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    // per row: the combinations it matches in
    let mut treffers: Vec<(usize, u64)> = Vec::with_capacity(t.rules.len());
    for (ri, r) in t.rules.iter().enumerate() {
        let mut open = alle;
        // combinations advance column 0 fastest: column `ci` keeps a value for `stap` combinations
        let mut stap = 1;
        for (tests, c) in r.tests.iter().zip(cols) {
            if open == 0 {
                break;
            }
            let vals = c.waarden();
            if !tests.is_any() {
                let mut door = 0u64;
                for (vi, v) in vals.iter().enumerate() {
                    let patroon = if vals.len() == 1 { alle } else { patroon(n, stap, vals.len(), vi) };
                    if patroon & open == 0 {
                        continue;
                    }
                    match unary(tests, v, slots) {
                        Ok(Some(true)) => door |= patroon,
                        Ok(_) => {}
                        Err(Unknown) => return None,
                    }
                }
                open &= door;
            }
            stap *= vals.len();
        }
        if open != 0 {
            treffers.push((ri, open));
        }
    }
    // each matching row's output once, numbered by distinct value: the result of a combination depends only on the
    // sequence of its rows' output numbers (for FIRST the first), and a sequence met before adds nothing new
    let mut outputs: Vec<Cow<Value>> = Vec::with_capacity(treffers.len());
    let mut nummer: Vec<usize> = Vec::with_capacity(treffers.len());
    for &(ri, _) in &treffers {
        let o = eval_ref(&t.rules[ri].output, None, slots).ok()?;
        nummer.push(outputs.iter().position(|x| *x == o).unwrap_or(outputs.len()));
        outputs.push(o);
    }
    let mut set = Vec::with_capacity(2);
    let mut outs: Vec<&Value> = Vec::with_capacity(treffers.len());
    // the sequences seen, one after the other in `gezien`, each ending where `einden` says
    let (lang, kort) = if n > 1 { (4 * treffers.len(), MAX_REEKSEN) } else { (0, 0) };
    let mut gezien: Vec<usize> = Vec::with_capacity(lang);
    let mut einden: Vec<usize> = Vec::with_capacity(kort);
    for k in 0..n {
        let begin = gezien.len();
        gezien.extend(treffers.iter().zip(&nummer).filter(|((_, m), _)| m & (1 << k) != 0).map(|(_, &i)| i));
        if t.hit_policy == HitPolicy::First {
            gezien.truncate(begin + 1);
        }
        let (eerder, reeks) = gezien.split_at(begin);
        let mut van = 0;
        let herhaald = einden.iter().any(|&tot| {
            let gelijk = &eerder[van..tot] == reeks;
            van = tot;
            gelijk
        });
        if herhaald {
            gezien.truncate(begin);
            continue;
        }
        outs.clear();
        outs.extend(reeks.iter().map(|&i| &*outputs[i]));
        if einden.len() < MAX_REEKSEN {
            einden.push(gezien.len());
        } else {
            gezien.truncate(begin);
        }
        push_unique(&mut set, coerce(hit_result(t, &outs, lenient), ty));
    }
    let always = match t.hit_policy {
        // the first row that matches anywhere is the one taken everywhere only when it matches everywhere
        HitPolicy::First => treffers.first().filter(|(_, m)| *m == alle).map(|&(ri, _)| ri).into_iter().collect(),
        _ => treffers.iter().filter(|(_, m)| *m == alle).map(|&(ri, _)| ri).collect(),
    };
    Some((to_aval(set), always))
}

/// [`enumerate`] when every column has one value (all answers known): the rows that match, in order, without masks
/// or sequences; the same value and rows.
fn een_combinatie(
    t: &DecisionTable,
    cols: &[Column<'_>],
    slots: &Slots<'_>,
    lenient: bool,
    ty: &Option<(String, bool)>,
) -> Option<(AVal, Vec<usize>)> {
    let mut rijen = Vec::new();
    for (ri, r) in t.rules.iter().enumerate() {
        let mut past = true;
        for (tests, c) in r.tests.iter().zip(cols) {
            if tests.is_any() {
                continue;
            }
            match unary(tests, &c.waarden()[0], slots) {
                Ok(Some(true)) => {}
                Ok(_) => {
                    past = false;
                    break;
                }
                Err(Unknown) => return None,
            }
        }
        if past {
            rijen.push(ri);
        }
    }
    let uit = match rijen.as_slice() {
        [] => Value::Null,
        [ri] => hit_result(t, &[&*eval_ref(&t.rules[*ri].output, None, slots).ok()?], lenient),
        _ => {
            // every matching row's output is evaluated (an unknown one makes the table unknown), also under FIRST
            let outs: Vec<Cow<Value>> =
                rijen.iter().map(|&ri| eval_ref(&t.rules[ri].output, None, slots)).collect::<Result<_, _>>().ok()?;
            let refs: Vec<&Value> = outs.iter().map(|o| &**o).collect();
            hit_result(t, &refs, lenient)
        }
    };
    if t.hit_policy == HitPolicy::First {
        rijen.truncate(1);
    }
    Some((AVal::Known(coerce(uit, ty)), rijen))
}

/// The combinations `k < n` (at most 64) in which a column that keeps each of its `len` values for `stap`
/// combinations in turn has value `vi`, as bits.
fn patroon(n: usize, stap: usize, len: usize, vi: usize) -> u64 {
    let periode = stap * len;
    // one period: `stap` bits from `vi * stap` on (a period beyond `n` is cut off below)
    let mut bits = if stap >= 64 { u64::MAX } else { (1u64 << stap) - 1 };
    bits = bits.checked_shl((vi * stap) as u32).unwrap_or(0);
    // repeated every period up to `n`
    let mut p = periode;
    while p < n {
        bits |= bits << p;
        p *= 2;
    }
    let alle = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    bits & alle
}

/// [`enumerate`] as first written: every cell against every value of its column, every combination against every
/// row. The reference the lazy version is tested against.
#[cfg(test)]
fn enumerate_plain(
    t: &DecisionTable,
    cols: &[Column<'_>],
    n: usize,
    slots: &Slots<'_>,
    lenient: bool,
    ty: &Option<(String, bool)>,
) -> Option<(AVal, Vec<usize>)> {
    if n == 0 {
        // a column without values: nothing to enumerate
        return Some((AVal::Any, Vec::new()));
    }
    // the values each column takes (at most `n` ≤ 64 each)
    let mut vals: Vec<&[Value]> = Vec::with_capacity(cols.len());
    for c in cols {
        vals.push(match c {
            Column::Known(v) => std::slice::from_ref(&**v),
            Column::Many(vs) => vs,
            Column::Unknown => return None,
        });
    }
    // every cell's test against every value of its column, once: bit `vi` of `pass` says value `vi` passes, of
    // `unknown` that the test cannot tell (it reads an unknown value; met in a row, the table is not enumerable)
    let w = cols.len();
    let mut pass = vec![0u64; t.rules.len() * w];
    let mut unknown = vec![0u64; t.rules.len() * w];
    for (ri, r) in t.rules.iter().enumerate() {
        for (ci, tests) in r.tests.iter().enumerate() {
            if tests.is_any() {
                pass[ri * w + ci] = u64::MAX;
                continue;
            }
            for (vi, v) in vals[ci].iter().enumerate() {
                match unary(tests, v, slots) {
                    Ok(Some(true)) => pass[ri * w + ci] |= 1 << vi,
                    Ok(_) => {}
                    Err(Unknown) => unknown[ri * w + ci] |= 1 << vi,
                }
            }
        }
    }
    let mut outputs: Vec<Option<Value>> = vec![None; t.rules.len()];
    let mut set = Vec::new();
    let mut always: Option<Vec<usize>> = None;
    let mut row = vec![0usize; w];
    let mut matched = Vec::new();
    for mut k in 0..n {
        for (ci, v) in vals.iter().enumerate() {
            row[ci] = k % v.len();
            k /= v.len();
        }
        matched.clear();
        let mut outs: Vec<&Value> = Vec::new();
        for ri in 0..t.rules.len() {
            let mut ok = true;
            for (ci, &vi) in row.iter().enumerate() {
                let bit = 1u64 << vi;
                if pass[ri * w + ci] & bit != 0 {
                    continue;
                }
                if unknown[ri * w + ci] & bit != 0 {
                    return None;
                }
                ok = false;
                break;
            }
            if ok {
                matched.push(ri);
                if outputs[ri].is_none() {
                    outputs[ri] = Some(eval(&t.rules[ri].output, None, slots).ok()?);
                }
            }
        }
        outs.extend(matched.iter().filter_map(|&ri| outputs[ri].as_ref()));
        if t.hit_policy == HitPolicy::First {
            matched.truncate(1);
        }
        push_unique(&mut set, coerce(hit_result(t, &outs, lenient), ty));
        match &mut always {
            None => always = Some(matched.clone()),
            Some(a) => a.retain(|x| matched.contains(x)),
        }
    }
    Some((to_aval(set), always.unwrap_or_default()))
}

/// Evaluates every decision; `inputs[i] == None` means input `i` is not answered yet.
/// Conflicts in decisions linked to an activity are resolved leniently when `lenient` is set.
pub(crate) fn partial(model: &Model, inputs: &[Option<Value>], lenient: bool) -> Partial {
    let mut values = vec![AVal::Any; model.decisions.len()];
    let mut fired = vec![Vec::new(); model.decisions.len()];
    for &d in &model.order {
        let (v, f) = evaluate_decision(model, d, inputs, &values, lenient);
        values[d] = v;
        fired[d] = f;
    }
    Partial { values, fired }
}

/// The value of decision `top` when the inputs differ from those `basis` was evaluated with in input `changed` only:
/// the decisions that read it, directly or through others, are evaluated again; the rest are taken over. `werk` holds
/// `basis.values` on entry and again on return (only the decisions evaluated again are put back), so that asking
/// after many other answers copies no more than what changes; `dirty` is all false on entry and on return.
#[allow(clippy::too_many_arguments)]
pub(crate) fn value_after(
    model: &Model,
    inputs: &[Option<Value>],
    lenient: bool,
    basis: &Partial,
    changed: usize,
    top: usize,
    werk: &mut [AVal],
    dirty: &mut [bool],
) -> AVal {
    debug_assert_eq!(werk.len(), basis.values.len());
    debug_assert!(dirty.len() == model.decisions.len() && !dirty.contains(&true));
    for &d in &model.order {
        let reads_changed = model.decisions[d].reads.iter().any(|v| match *v {
            VarRef::Input(i) => i == changed,
            VarRef::Decision(j) => dirty[j],
        });
        if reads_changed {
            dirty[d] = true;
            let (v, _) = evaluate_decision(model, d, inputs, werk, lenient);
            werk[d] = v;
        }
    }
    let uit = werk[top].clone();
    for (d, x) in dirty.iter_mut().enumerate().filter(|(_, x)| **x) {
        werk[d] = basis.values[d].clone();
        *x = false;
    }
    uit
}

/// One decision, the decisions it reads evaluated in `values`.
fn evaluate_decision(
    model: &Model,
    d: usize,
    inputs: &[Option<Value>],
    values: &[AVal],
    lenient: bool,
) -> (AVal, Vec<usize>) {
    let dec = &model.decisions[d];
    let slots = Slots { inputs, decisions: values };
    let lenient_here = lenient && dec.koppeling.is_some();
    match &dec.logic {
        Logic::Table(t) => eval_table(model, d, t, &slots, lenient_here),
        Logic::Literal { expr, .. } => match eval(&expr.0, None, &slots) {
            Ok(v) => (AVal::Known(coerce(v, &dec.coerce)), Vec::new()),
            Err(Unknown) => (AVal::Any, Vec::new()),
        },
    }
}

impl Model {
    /// Evaluates one decision (by id or name) with DMN semantics; inputs are given by input name,
    /// a missing input is null. Returns `None` when the decision does not exist.
    pub fn evaluate(&self, decision: &str, inputs: &std::collections::BTreeMap<String, Value>) -> Option<Value> {
        let d = self.decision(decision)?;
        let vals: Vec<Option<Value>> =
            self.inputs.iter().map(|i| Some(inputs.get(&i.naam).cloned().unwrap_or(Value::Null))).collect();
        let p = partial(self, &vals, false);
        match &p.values[d] {
            AVal::Known(v) => Some(v.clone()),
            _ => Some(Value::Null),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::synth::{self, Rng, SynthConfig};
    use crate::vraag::VraagType;

    thread_local! {
        /// Evaluate tables with [`enumerate_plain`] instead of [`enumerate`].
        pub(crate) static PLAIN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// The synthetic set's Conclusie and Indieningsvereisten models, and the DSO fixtures' when present.
    fn modellen() -> Vec<Model> {
        let s = synth::set(&SynthConfig::national(0.003));
        let mut bestanden = s.dmn;
        let fixtures = std::env::var_os("STIP_FIXTURES").map(std::path::PathBuf::from);
        for sub in ["gemeentestad/toepasbareRegels/extracted", "amsterdam-vergunningcheck"] {
            let Some(dir) = fixtures.as_ref().map(|f| f.join(sub)) else { continue };
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let naam = e.file_name().to_string_lossy().into_owned();
                if naam.ends_with(".dmn") {
                    bestanden.push((naam, std::fs::read(e.path()).unwrap()));
                }
            }
        }
        bestanden.iter().flat_map(|(naam, b)| crate::import_dmn(naam, b).unwrap_or_default()).collect()
    }

    /// A random answer state: each input unanswered, one of its question's representative values, or a number
    /// near one of its boundaries.
    fn invoer(rng: &mut Rng, m: &Model) -> Vec<Option<Value>> {
        m.vragen
            .iter()
            .map(|q| match (rng.below(3), &q.reps) {
                (0, _) => None,
                (_, Some(r)) if !r.is_empty() && (q.type_ != VraagType::Number || rng.chance(0.5)) => {
                    Some(r[rng.below(r.len())].clone())
                }
                _ if !q.grenzen.is_empty() => {
                    Some(Value::Number(q.grenzen[rng.below(q.grenzen.len())] + [-0.5, 0.0, 0.5][rng.below(3)]))
                }
                _ => Some(Value::Null),
            })
            .collect()
    }

    #[test]
    fn a_value_pattern_has_the_bits_of_the_combinations_where_its_column_takes_it() {
        for lens in [vec![2, 2, 2, 2, 2, 2], vec![3, 2, 4], vec![5, 3], vec![1, 7, 2, 1, 4], vec![64]] {
            let n: usize = lens.iter().product();
            let mut stap = 1;
            for &len in &lens {
                for vi in 0..len {
                    let verwacht = (0..n).filter(|k| (k / stap) % len == vi).fold(0u64, |m, k| m | 1 << k);
                    assert_eq!(patroon(n, stap, len, vi), verwacht, "{lens:?} stap {stap} value {vi}");
                }
                stap *= len;
            }
        }
    }

    #[test]
    fn the_lazy_enumeration_gives_every_decision_the_values_and_rows_of_the_exhaustive_one() {
        let modellen = modellen();
        assert!(modellen.len() > 100, "{} models", modellen.len());
        let mut rng = Rng::new(20);
        let mut tafels = 0;
        for m in &modellen {
            for _ in 0..40 {
                let inputs = invoer(&mut rng, m);
                for lenient in [true, false] {
                    let snel = partial(m, &inputs, lenient);
                    PLAIN.set(true);
                    let gewoon = partial(m, &inputs, lenient);
                    PLAIN.set(false);
                    assert_eq!(snel.values, gewoon.values, "{}: {inputs:?}", m.bestand);
                    assert_eq!(snel.fired, gewoon.fired, "{}: {inputs:?}", m.bestand);
                    tafels += m.decisions.len();
                }
            }
        }
        assert!(tafels > 10_000, "{tafels} decisions compared");
    }
}
