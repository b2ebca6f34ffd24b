//! Compile-time scopes: which variables are visible, in which row slot, holding what kind of
//! value (for `VariableTypeConflict`).

/// What a variable is known to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Node,
    Rel,
    /// A variable-length relationship variable: a list of relationships.
    RelList,
    Path,
    /// Known not to be a node, relationship or path (a literal, number, list, map, ...).
    Plain,
    /// Unknown (a parameter, a function result, ...).
    Any,
}

impl Kind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::Node => "Node",
            Kind::Rel => "Relationship",
            Kind::RelList => "List<Relationship>",
            Kind::Path => "Path",
            Kind::Plain => "a value that is not a node, relationship or path",
            Kind::Any => "Any",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Var {
    pub name: String,
    pub slot: usize,
    pub kind: Kind,
}

/// The variables in scope at one point of a query, in the order they were bound.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub vars: Vec<Var>,
}

impl Scope {
    pub(crate) fn get(&self, name: &str) -> Option<&Var> {
        self.vars.iter().rev().find(|v| v.name == name)
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Bind `name` (replacing a binding with the same name).
    pub(crate) fn bind(&mut self, name: &str, slot: usize, kind: Kind) {
        self.vars.retain(|v| v.name != name);
        self.vars.push(Var {
            name: name.to_string(),
            slot,
            kind,
        });
    }

    /// The variables sorted by name (the columns of `RETURN *`).
    pub(crate) fn sorted(&self) -> Vec<Var> {
        let mut v = self.vars.clone();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }
}
