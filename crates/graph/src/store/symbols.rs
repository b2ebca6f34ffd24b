//! Interned names of labels, relationship types and property keys, so records hold small
//! integers instead of strings.

use std::collections::HashMap;
use std::sync::Arc;

/// An interned name.
pub type Sym = u32;

#[derive(Debug, Default, Clone)]
pub struct Symbols {
    names: Vec<Arc<str>>,
    ids: HashMap<Arc<str>, Sym>,
}

impl Symbols {
    pub fn get(&self, name: &str) -> Option<Sym> {
        self.ids.get(name).copied()
    }

    pub fn intern(&mut self, name: &str) -> Sym {
        if let Some(s) = self.ids.get(name) {
            return *s;
        }
        let s = self.names.len() as Sym;
        let name: Arc<str> = Arc::from(name);
        self.names.push(name.clone());
        self.ids.insert(name, s);
        s
    }

    /// The name of a symbol handed out by this table.
    pub fn name(&self, sym: Sym) -> &str {
        self.names.get(sym as usize).map_or("", |n| n)
    }
}
