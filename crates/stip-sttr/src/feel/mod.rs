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
