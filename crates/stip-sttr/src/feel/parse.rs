//! Recursive-descent parser for FEEL unary tests and simple expressions; names resolved against a scope.

use super::{CmpOp, Expr, Func, Test, UnaryTests, VarRef};
use crate::value::Value;

/// Names visible to an expression, longest first so `a b` wins over `a`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    names: Vec<(Vec<char>, VarRef)>,
}

impl Scope {
    pub(crate) fn add(&mut self, name: &str, var: VarRef) {
        let n: Vec<char> = normalize(name).chars().collect();
        if n.is_empty() {
            return;
        }
        self.names.push((n, var));
        self.names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
    }

    /// The variable an expression text names exactly (whitespace-normalised), if any.
    pub(crate) fn lookup(&self, text: &str) -> Option<VarRef> {
        let n: Vec<char> = normalize(text).chars().collect();
        self.names.iter().find(|(name, _)| *name == n).map(|(_, v)| *v)
    }
}

/// Collapses runs of whitespace outside string literals into one space and trims.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_str = false;
    let mut prev_ws = false;
    let mut chars = s.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        if c.is_whitespace() {
            if !prev_ws {
                out.push(' ');
            }
            prev_ws = true;
            continue;
        }
        prev_ws = false;
        if c == '"' {
            in_str = true;
        }
        out.push(c);
    }
    out
}

/// The deepest an expression may nest: brackets, lists, function arguments, `if` and each `and`/`or` in a chain count
/// one level. Real cells stay far below it; a hostile one (100,000 `(`) is refused instead of overflowing the stack
/// while parsing or evaluating.
const MAX_DIEPTE: usize = 128;

struct Parser<'a> {
    s: Vec<char>,
    pos: usize,
    scope: &'a Scope,
    allow_input: bool,
    /// The current nesting depth, see [`MAX_DIEPTE`].
    depth: usize,
}

type PResult<T> = Result<T, String>;

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '?'
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos] == ' ' {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.pos).copied()
    }

    fn at_end(&mut self) -> bool {
        self.ws();
        self.pos >= self.s.len()
    }

    fn eat(&mut self, tok: &str) -> bool {
        self.ws();
        let t: Vec<char> = tok.chars().collect();
        if self.s[self.pos..].starts_with(&t) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }

    /// Eats a keyword followed by a non-name character.
    fn eat_kw(&mut self, kw: &str) -> bool {
        self.ws();
        let t: Vec<char> = kw.chars().collect();
        if self.s[self.pos..].starts_with(&t) && !self.s.get(self.pos + t.len()).is_some_and(|c| is_name_char(*c)) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &str) -> PResult<()> {
        if self.eat(tok) { Ok(()) } else { Err(self.unexpected(&format!("'{tok}' verwacht"))) }
    }

    fn unexpected(&self, what: &str) -> String {
        let rest: String = self.s[self.pos.min(self.s.len())..].iter().collect();
        if rest.is_empty() { format!("{what} aan het einde") } else { format!("{what} bij '{rest}'") }
    }

    /// One level deeper, or the error that the expression nests too deep.
    fn deeper(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DIEPTE {
            return Err(format!("expressie te diep genest (meer dan {MAX_DIEPTE} niveaus)"));
        }
        Ok(())
    }

    /// An expression one level deeper than the caller; the levels its `and`/`or` chain took end with it.
    fn expr(&mut self) -> PResult<Expr> {
        let depth = self.depth;
        let result = self.deeper().and_then(|()| self.expr_at_depth());
        self.depth = depth;
        result
    }

    // expression := if | disjunction
    fn expr_at_depth(&mut self) -> PResult<Expr> {
        if self.eat_kw("if") {
            let c = self.expr()?;
            if !self.eat_kw("then") {
                return Err(self.unexpected("'then' verwacht"));
            }
            let a = self.expr()?;
            if !self.eat_kw("else") {
                return Err(self.unexpected("'else' verwacht"));
            }
            let b = self.expr()?;
            return Ok(Expr::If(Box::new(c), Box::new(a), Box::new(b)));
        }
        let mut left = self.conjunction()?;
        while self.eat_kw("or") {
            self.deeper()?;
            let right = self.conjunction()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        let mut left = self.comparison()?;
        while self.eat_kw("and") {
            self.deeper()?;
            let right = self.comparison()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn cmp_op(&mut self) -> Option<CmpOp> {
        for (t, op) in [
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("!=", CmpOp::Ne),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
            ("=", CmpOp::Eq),
        ] {
            if self.eat(t) {
                return Some(op);
            }
        }
        None
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let left = self.primary()?;
        if let Some(op) = self.cmp_op() {
            let right = self.primary()?;
            return Ok(Expr::Cmp(op, Box::new(left), Box::new(right)));
        }
        if self.eat_kw("between") {
            let lo = self.primary()?;
            if !self.eat_kw("and") {
                return Err(self.unexpected("'and' verwacht na between"));
            }
            let hi = self.primary()?;
            return Ok(Expr::Between(Box::new(left), Box::new(lo), Box::new(hi)));
        }
        Ok(left)
    }

    fn number(&mut self, negative: bool) -> PResult<Expr> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.peek() == Some('.') && self.s.get(self.pos + 1).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        let text: String = self.s[start..self.pos].iter().collect();
        let n: f64 = text.parse().map_err(|_| format!("ongeldig getal '{text}'"))?;
        Ok(Expr::Lit(Value::Number(if negative { -n } else { n })))
    }

    fn string(&mut self) -> PResult<Expr> {
        // opening quote already seen at self.pos
        self.pos += 1;
        let mut out = String::new();
        loop {
            let c = self.peek().ok_or_else(|| "tekst zonder afsluitend aanhalingsteken".to_string())?;
            self.pos += 1;
            match c {
                '"' => break,
                '\\' => {
                    let n = self.peek().ok_or_else(|| "tekst eindigt op \\".to_string())?;
                    self.pos += 1;
                    match n {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
        Ok(Expr::Lit(Value::string(out)))
    }

    fn primary(&mut self) -> PResult<Expr> {
        self.ws();
        let Some(c) = self.peek() else {
            return Err(self.unexpected("waarde verwacht"));
        };
        if c == '-' && self.s.get(self.pos + 1).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            return self.number(true);
        }
        if c.is_ascii_digit() || (c == '.' && self.s.get(self.pos + 1).is_some_and(|c| c.is_ascii_digit())) {
            return self.number(false);
        }
        if c == '"' {
            return self.string();
        }
        if c == '(' {
            self.pos += 1;
            let e = self.expr()?;
            self.expect(")")?;
            return Ok(e);
        }
        if c == '[' {
            self.pos += 1;
            let mut items = Vec::new();
            if !self.eat("]") {
                loop {
                    items.push(self.expr()?);
                    if self.eat("]") {
                        break;
                    }
                    self.expect(",")?;
                }
            }
            return Ok(Expr::List(items));
        }
        if c == '?' && !self.s.get(self.pos + 1).is_some_and(|c| is_name_char(*c)) {
            if !self.allow_input {
                return Err("'?' mag alleen in een invoercel (unary test)".into());
            }
            self.pos += 1;
            return Ok(Expr::Input);
        }
        // known names, longest first
        for (name, var) in &self.scope.names {
            if self.s[self.pos..].starts_with(name)
                && !self.s.get(self.pos + name.len()).is_some_and(|c| is_name_char(*c))
            {
                self.pos += name.len();
                return Ok(Expr::Var(*var));
            }
        }
        for (kw, v) in [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)] {
            if self.eat_kw(kw) {
                return Ok(Expr::Lit(v));
            }
        }
        for (fname, func, arity) in Func::ALL {
            let save = self.pos;
            if self.eat_kw(fname) && self.eat("(") {
                let mut args = Vec::new();
                if !self.eat(")") {
                    loop {
                        args.push(self.expr()?);
                        if self.eat(")") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                if args.len() != arity {
                    return Err(format!("functie '{fname}' verwacht {arity} argument(en), kreeg {}", args.len()));
                }
                return Ok(Expr::Call(func, args));
            }
            self.pos = save;
        }
        Err(self.unexpected("onbekende naam of FEEL-constructie"))
    }

    fn positive_test(&mut self) -> PResult<Test> {
        self.ws();
        for (t, op) in [
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("!=", CmpOp::Ne),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
            ("=", CmpOp::Eq),
        ] {
            if self.eat(t) {
                let e = self.primary()?;
                return Ok(Test::Cmp(op, e));
            }
        }
        if let Some(open @ ('[' | '(' | ']')) = self.peek() {
            let save = self.pos;
            self.pos += 1;
            if let Ok(lo) = self.primary()
                && self.eat("..")
            {
                let hi = self.primary()?;
                self.ws();
                let close = self.peek().ok_or_else(|| "interval zonder afsluiting".to_string())?;
                let hi_incl = match close {
                    ']' => true,
                    ')' | '[' => false,
                    _ => return Err(self.unexpected("']' of ')' verwacht")),
                };
                self.pos += 1;
                return Ok(Test::Range { lo, lo_incl: open == '[', hi, hi_incl });
            }
            self.pos = save;
        }
        let e = self.expr()?;
        Ok(if e.uses_input() { Test::Bool(e) } else { Test::Value(e) })
    }

    fn positive_tests(&mut self) -> PResult<Vec<Test>> {
        let mut v = vec![self.positive_test()?];
        while self.eat(",") {
            v.push(self.positive_test()?);
        }
        Ok(v)
    }
}

/// Parses the text of an input entry (unary tests).
pub(crate) fn parse_unary_tests(text: &str, scope: &Scope) -> Result<UnaryTests, String> {
    let n = normalize(text);
    if n.is_empty() || n == "-" {
        return Ok(UnaryTests::Any);
    }
    let mut p = Parser { s: n.chars().collect(), pos: 0, scope, allow_input: true, depth: 0 };
    // `not(...)` around the whole cell negates the tests; `not(?...)` as a call is a boolean test.
    let save = p.pos;
    if p.eat_kw("not")
        && p.eat("(")
        && let Ok(tests) = p.positive_tests()
        && p.eat(")")
        && p.at_end()
    {
        return Ok(UnaryTests::Not(tests));
    }
    p.pos = save;
    let tests = p.positive_tests()?;
    if !p.at_end() {
        return Err(p.unexpected("onverwachte tekst"));
    }
    Ok(UnaryTests::Tests(tests))
}

/// Parses an expression (input expression, output entry, literal expression).
pub(crate) fn parse_expression(text: &str, scope: &Scope) -> Result<Expr, String> {
    let n = normalize(text);
    if n.is_empty() {
        return Err("lege expressie".into());
    }
    if let Some(v) = scope.lookup(&n) {
        return Ok(Expr::Var(v));
    }
    let mut p = Parser { s: n.chars().collect(), pos: 0, scope, allow_input: false, depth: 0 };
    let e = p.expr()?;
    if !p.at_end() {
        return Err(p.unexpected("onverwachte tekst"));
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ut(s: &str) -> UnaryTests {
        let mut scope = Scope::default();
        scope.add("oppervlakte m2", VarRef::Input(0));
        parse_unary_tests(s, &scope).unwrap()
    }

    #[test]
    fn ranges_comparisons_and_lists_parse() {
        assert_eq!(
            ut("[20..30)"),
            UnaryTests::Tests(vec![Test::Range {
                lo: Expr::Lit(Value::Number(20.0)),
                lo_incl: true,
                hi: Expr::Lit(Value::Number(30.0)),
                hi_incl: false
            }])
        );
        assert_eq!(ut("< 50"), UnaryTests::Tests(vec![Test::Cmp(CmpOp::Lt, Expr::Lit(Value::Number(50.0)))]));
        assert_eq!(ut("-"), UnaryTests::Any);
        assert!(matches!(ut("\"a\", \"b\""), UnaryTests::Tests(t) if t.len() == 2));
        assert!(matches!(ut("not(null)"), UnaryTests::Not(_)));
        assert!(matches!(ut("-5"), UnaryTests::Tests(_)));
        assert!(matches!(ut("[\"a\",\"b\"]"), UnaryTests::Tests(t) if matches!(t[0], Test::Value(Expr::List(_)))));
    }

    #[test]
    fn builder_cross_tests_parse_as_boolean_tests() {
        let t = ut(r#"if ?=null then false else contains(?,"Vergunningplicht pad 2_")"#);
        assert!(matches!(t, UnaryTests::Tests(v) if matches!(v[0], Test::Bool(Expr::If(..)))));
    }

    #[test]
    fn unknown_constructs_are_refused() {
        let scope = Scope::default();
        assert!(parse_unary_tests("for x in y return x", &scope).is_err());
        assert!(parse_unary_tests("date(\"2020-01-01\")", &scope).is_err());
        assert!(parse_expression("a + b", &scope).is_err());
    }

    #[test]
    fn names_with_spaces_and_dashes_resolve() {
        let mut scope = Scope::default();
        scope.add("_6955a83b-e19c-4014", VarRef::Input(3));
        scope.add("Plantenziektewet of artikel PM in APV", VarRef::Decision(1));
        assert_eq!(parse_expression("_6955a83b-e19c-4014", &scope), Ok(Expr::Var(VarRef::Input(3))));
        assert_eq!(
            parse_expression("Plantenziektewet  of artikel PM in APV", &scope),
            Ok(Expr::Var(VarRef::Decision(1)))
        );
    }

    #[test]
    fn hostile_nesting_is_refused_as_too_deep_instead_of_overflowing_the_stack() {
        let scope = Scope::default();
        let diep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        for err in [parse_expression(&diep, &scope).unwrap_err(), parse_unary_tests(&diep, &scope).unwrap_err()] {
            assert!(err.contains("te diep genest"), "{err}");
            assert!(err.len() < 200, "the message does not repeat the text: {err}");
        }
        let lijsten = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_unary_tests(&lijsten, &scope).unwrap_err().contains("te diep genest"));
        let keten = vec!["true"; 100_000].join(" or ");
        assert!(parse_expression(&keten, &scope).unwrap_err().contains("te diep genest"));
        let functies = format!("{}null{}", "not(".repeat(100_000), ")".repeat(100_000));
        assert!(parse_unary_tests(&functies, &scope).unwrap_err().contains("te diep genest"));
    }

    #[test]
    fn nesting_up_to_the_limit_still_parses() {
        let scope = Scope::default();
        let diep = format!("{}1{}", "(".repeat(MAX_DIEPTE - 1), ")".repeat(MAX_DIEPTE - 1));
        assert_eq!(parse_expression(&diep, &scope), Ok(Expr::Lit(Value::Number(1.0))));
        let keten = vec!["true"; MAX_DIEPTE / 2].join(" or ");
        assert!(parse_expression(&keten, &scope).is_ok());
    }
}
