//! The abstract syntax tree of a Cypher statement.
//!
//! The parser produces exactly this tree and does no semantic checking beyond grammar;
//! variable scoping, aggregation rules and types are checked by the executor's planner.
//! Spans are byte ranges into the source text so errors can point at what is wrong.

/// A byte range `start..end` of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// One statement: a query (read and/or write), or a schema command.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    Query(Query),
    /// `CREATE INDEX [name] [IF NOT EXISTS] FOR (n:L) ON (n.p, ...)`,
    /// `CREATE INDEX ... FOR ()-[r:T]-() ON (r.p)`, legacy `CREATE INDEX ON :L(p)`.
    CreateIndex(IndexDefinition),
    /// `DROP INDEX name [IF EXISTS]`, legacy `DROP INDEX ON :L(p)`.
    DropIndex(DropSchema),
    /// `CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:L) REQUIRE n.p IS UNIQUE`
    /// (also `REQUIRE (n.p, n.q) IS NODE KEY`, `IS NOT NULL`) and the legacy
    /// `CREATE CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE`.
    CreateConstraint(ConstraintDefinition),
    /// `DROP CONSTRAINT name [IF EXISTS]`.
    DropConstraint(DropSchema),
    /// `SHOW [ALL|RANGE|...] INDEXES` with optional `YIELD`/`WHERE`/`RETURN`, simplified to the
    /// projection the user asked for.
    ShowIndexes(ShowTail),
    /// `SHOW [ALL|UNIQUE|...] CONSTRAINTS`.
    ShowConstraints(ShowTail),
}

/// What follows `SHOW INDEXES`: `YIELD ... WHERE ... RETURN ...` is kept as a query that runs
/// over the rows of the listing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShowTail {
    pub yield_items: Option<Vec<YieldItem>>,
    pub where_: Option<Expr>,
    pub ret: Option<Projection>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexDefinition {
    pub name: Option<String>,
    pub if_not_exists: bool,
    pub target: SchemaTarget,
    pub properties: Vec<String>,
    pub span: Span,
}

/// The nodes or relationships a schema object covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SchemaTarget {
    Node { label: String },
    Relationship { rel_type: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintDefinition {
    pub name: Option<String>,
    pub if_not_exists: bool,
    pub target: SchemaTarget,
    pub properties: Vec<String>,
    pub kind: ConstraintKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintKind {
    Unique,
    NodeKey,
    NotNull,
}

/// `DROP INDEX|CONSTRAINT`: by name, or (legacy) by label and properties.
#[derive(Debug, Clone, PartialEq)]
pub struct DropSchema {
    pub name: Option<String>,
    pub legacy: Option<(SchemaTarget, Vec<String>)>,
    pub if_exists: bool,
    pub span: Span,
}

/// A query: one or more single queries joined by `UNION` / `UNION ALL`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub first: SingleQuery,
    /// Each further part with `true` for `UNION ALL`, `false` for `UNION`.
    pub unions: Vec<(bool, SingleQuery)>,
    pub span: Span,
}

/// A sequence of clauses without `UNION`.
#[derive(Debug, Clone, PartialEq)]
pub struct SingleQuery {
    pub clauses: Vec<Clause>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    Match(Match),
    Unwind(Unwind),
    With(With),
    Return(Projection),
    Create(Create),
    Merge(Merge),
    Set(SetClause),
    Remove(Remove),
    Delete(Delete),
    Foreach(Foreach),
    /// `CALL proc.name(args) [YIELD ...]`.
    CallProcedure(CallProcedure),
    /// `CALL { ... }` or `CALL (x, y) { ... }` / `CALL (*) { ... }`.
    CallSubquery(CallSubquery),
}

impl Clause {
    /// The source range of the clause.
    pub fn span(&self) -> Span {
        match self {
            Clause::Match(c) => c.span,
            Clause::Unwind(c) => c.span,
            Clause::With(c) => c.projection.span,
            Clause::Return(c) => c.span,
            Clause::Create(c) => c.span,
            Clause::Merge(c) => c.span,
            Clause::Set(c) => c.span,
            Clause::Remove(c) => c.span,
            Clause::Delete(c) => c.span,
            Clause::Foreach(c) => c.span,
            Clause::CallProcedure(c) => c.span,
            Clause::CallSubquery(c) => c.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub optional: bool,
    pub pattern: Pattern,
    pub where_: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unwind {
    pub expr: Expr,
    pub variable: String,
    pub span: Span,
}

/// `WITH` is a projection followed by an optional `WHERE` that filters its output.
#[derive(Debug, Clone, PartialEq)]
pub struct With {
    pub projection: Projection,
    pub where_: Option<Expr>,
}

/// The body of `RETURN` and `WITH`.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub distinct: bool,
    /// `RETURN *` / `WITH *` (possibly followed by more items).
    pub star: bool,
    pub items: Vec<ProjectionItem>,
    pub order_by: Vec<SortItem>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionItem {
    pub expr: Expr,
    pub alias: Option<String>,
    /// The item's source text, exactly as written (minus surrounding white space): the
    /// column name when there is no alias (`RETURN n.name` has column `n.name`).
    pub text: String,
}

impl ProjectionItem {
    /// The column name of this item.
    pub fn name(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SortItem {
    pub expr: Expr,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Create {
    pub pattern: Pattern,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub part: PatternPart,
    pub on_create: Vec<SetItem>,
    pub on_match: Vec<SetItem>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SetClause {
    pub items: Vec<SetItem>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SetItem {
    /// `SET n.p = expr` (the target may be any expression yielding a node/relationship,
    /// e.g. `SET (n).p = 1`).
    Property {
        target: Expr,
        key: String,
        value: Expr,
    },
    /// `SET n = {map}` (replace all properties).
    Replace { variable: String, value: Expr },
    /// `SET n += {map}` (merge properties).
    Merge { variable: String, value: Expr },
    /// `SET n:A:B`.
    Labels {
        variable: String,
        labels: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Remove {
    pub items: Vec<RemoveItem>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RemoveItem {
    Property {
        target: Expr,
        key: String,
    },
    Labels {
        variable: String,
        labels: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    pub detach: bool,
    pub exprs: Vec<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Foreach {
    pub variable: String,
    pub list: Expr,
    /// Updating clauses only (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH).
    pub clauses: Vec<Clause>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallProcedure {
    /// Dotted name, e.g. `["db", "labels"]`.
    pub name: Vec<String>,
    /// `None` for the implicit-argument form `CALL db.labels` (arguments from parameters).
    pub args: Option<Vec<Expr>>,
    /// `None` when there is no `YIELD`; `Some(vec![])` is never produced (`YIELD *` sets
    /// `yield_star`).
    pub yield_items: Option<Vec<YieldItem>>,
    pub yield_star: bool,
    pub where_: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YieldItem {
    /// The procedure's output column.
    pub field: String,
    /// `YIELD field AS alias`.
    pub alias: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallSubquery {
    /// The variable scope clause: `None` for plain `CALL { }` (importing via a leading
    /// `WITH`), `Some(Scope::All)` for `CALL (*)`, `Some(Scope::Vars(..))` for `CALL (x, y)`.
    pub scope: Option<SubqueryScope>,
    pub query: Query,
    /// `CALL { ... } IN TRANSACTIONS [OF n ROWS]`: accepted; run as one transaction.
    pub in_transactions: Option<Option<Expr>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SubqueryScope {
    All,
    Vars(Vec<String>),
}

/// A comma-separated list of pattern parts, as after MATCH or CREATE.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub parts: Vec<PatternPart>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PatternPart {
    /// `p = (a)-->(b)`.
    pub variable: Option<String>,
    pub kind: PathKind,
    pub element: PatternElement,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Normal,
    ShortestPath,
    AllShortestPaths,
}

/// A node followed by zero or more (relationship, node) hops.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternElement {
    pub start: NodePattern,
    pub chain: Vec<(RelationshipPattern, NodePattern)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodePattern {
    pub variable: Option<String>,
    /// Required labels (all of them): `(n:A:B)`.
    pub labels: Vec<String>,
    /// A map literal or a parameter.
    pub properties: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipPattern {
    pub variable: Option<String>,
    /// Allowed types (any of them): `[:A|B]` or `[:A|:B]`; empty means any type.
    pub types: Vec<String>,
    pub direction: Direction,
    /// `None` for a single hop; `Some(range)` for `*`, `*2`, `*1..3`, `*..3`, `*2..`.
    pub length: Option<LengthRange>,
    pub properties: Option<Expr>,
    pub span: Span,
}

/// The bounds of a variable-length relationship; `None` means unbounded on that side
/// (`*` is `{min: None, max: None}`, which means 1..infinity; `*2` is `{Some(2), Some(2)}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthRange {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// Direction as written, relative to the left node of the hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `(a)-[]->(b)`
    Outgoing,
    /// `(a)<-[]-(b)`
    Incoming,
    /// `(a)-[]-(b)` (or `<-[]->`)
    Both,
}

/// An expression with the source range it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `$name` or `$0`.
    Parameter(String),
    Variable(String),
    List(Vec<Expr>),
    /// Map literal, keys in source order.
    Map(Vec<(String, Expr)>),
    /// `expr.key`
    Property(Box<Expr>, String),
    /// `expr[index]`
    Index(Box<Expr>, Box<Expr>),
    /// `expr[from..to]` with either bound optional.
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `a < b <= c`: each adjacent pair compared, results AND-ed (each operand evaluated once).
    Comparison(Box<Expr>, Vec<(BinaryOp, Expr)>),
    /// `expr IS NULL` (`negated` for `IS NOT NULL`).
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `n:A:B` as a predicate.
    HasLabels(Box<Expr>, Vec<String>),
    /// `name(args)`, `ns.name(DISTINCT args)`; the name as written (case preserved).
    FunctionCall {
        name: Vec<String>,
        distinct: bool,
        args: Vec<Expr>,
    },
    /// `count(*)`.
    CountStar,
    Case {
        operand: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        else_: Option<Box<Expr>>,
    },
    /// `[x IN list WHERE pred | proj]`.
    ListComprehension {
        variable: String,
        list: Box<Expr>,
        predicate: Option<Box<Expr>>,
        projection: Option<Box<Expr>>,
    },
    /// `[p = (a)-->(b) WHERE pred | proj]`.
    PatternComprehension {
        variable: Option<String>,
        pattern: Box<PatternElement>,
        predicate: Option<Box<Expr>>,
        projection: Box<Expr>,
    },
    /// `all(x IN list WHERE pred)` and friends.
    Quantifier {
        kind: Quantifier,
        variable: String,
        list: Box<Expr>,
        predicate: Option<Box<Expr>>,
    },
    /// `reduce(acc = init, x IN list | expr)`.
    Reduce {
        accumulator: String,
        init: Box<Expr>,
        variable: String,
        list: Box<Expr>,
        expr: Box<Expr>,
    },
    /// A pattern used as a predicate: `WHERE (a)-[:R]->(b)`.
    PatternPredicate(Box<PatternElement>),
    /// `EXISTS { MATCH ... }` / `EXISTS { (a)-->(b) WHERE ... }`.
    Exists(Box<SubqueryExpr>),
    /// `COUNT { ... }`.
    CountSubquery(Box<SubqueryExpr>),
    /// `COLLECT { ... RETURN x }`.
    CollectSubquery(Box<SubqueryExpr>),
    /// `n {.name, .*, key: expr, var}`.
    MapProjection {
        base: Box<Expr>,
        items: Vec<MapProjectionItem>,
    },
}

/// The body of `EXISTS { }`, `COUNT { }` and `COLLECT { }`: either a full query or the short
/// form, a pattern with an optional `WHERE`.
#[derive(Debug, Clone, PartialEq)]
pub enum SubqueryExpr {
    Query(Query),
    Pattern {
        pattern: Pattern,
        where_: Option<Expr>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum MapProjectionItem {
    /// `.key`
    Property(String),
    /// `.*`
    AllProperties,
    /// `key: expr`
    Literal(String, Expr),
    /// `var` (a variable included under its own name)
    Variable(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Boolean(bool),
    Integer(i64),
    Float(f64),
    String(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Negate,
    Plus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    In,
    StartsWith,
    EndsWith,
    Contains,
    /// `=~`
    Regex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    All,
    Any,
    None,
    Single,
}
