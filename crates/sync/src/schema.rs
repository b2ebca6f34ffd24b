//! Declarative node and relationship schemas.
//!
//! A schema says what a node type looks like in the graph (labels, properties, the tenant that
//! owns it, its relationships); the loader derives every statement from it. Schemas are plain
//! `const` data so that a provider declares one table per node type and nothing else.

/// Where a property or matcher value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A field of the row being loaded (`item.<field>` in the statement).
    Field(&'static str),
    /// A sync-wide parameter shared by every row (`$<name>`), such as `AWS_ID` or `Region`.
    Param(&'static str),
}

/// One property written on a node or relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    pub name: &'static str,
    pub source: Source,
    /// Create an index on this property (for properties that queries look nodes up by).
    pub extra_index: bool,
}

impl Property {
    /// A property copied from a row field.
    pub const fn field(name: &'static str, field: &'static str) -> Property {
        Property {
            name,
            source: Source::Field(field),
            extra_index: false,
        }
    }

    /// A property copied from a row field, and indexed.
    pub const fn indexed(name: &'static str, field: &'static str) -> Property {
        Property {
            name,
            source: Source::Field(field),
            extra_index: true,
        }
    }

    /// A property set from a sync-wide parameter.
    pub const fn param(name: &'static str, param: &'static str) -> Property {
        Property {
            name,
            source: Source::Param(param),
            extra_index: false,
        }
    }
}

/// An extra label: always applied, or applied only while a node property has a value
/// (`true`, or a given string), and removed again when it no longer has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtraLabel {
    pub label: &'static str,
    /// The node property (already set from the row) the label depends on, if any.
    pub when: Option<(&'static str, Condition)>,
}

/// The value a conditional label's property must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    True,
    Equals(&'static str),
}

impl ExtraLabel {
    pub const fn always(label: &'static str) -> ExtraLabel {
        ExtraLabel { label, when: None }
    }

    /// Present while `property` is `true`.
    pub const fn when(label: &'static str, property: &'static str) -> ExtraLabel {
        ExtraLabel {
            label,
            when: Some((property, Condition::True)),
        }
    }

    /// Present while `property` equals `value` (Cartography's `Label.when(prop="value")`).
    pub const fn when_equals(
        label: &'static str,
        property: &'static str,
        value: &'static str,
    ) -> ExtraLabel {
        ExtraLabel {
            label,
            when: Some((property, Condition::Equals(value))),
        }
    }
}

/// Which way a relationship points, seen from the node being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `(node)<-[:REL]-(target)`
    Inward,
    /// `(node)-[:REL]->(target)`
    Outward,
}

/// How a target node is found: its property `key` compared with the value from `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matcher {
    pub key: &'static str,
    pub source: Source,
    pub op: MatchOp,
}

/// The comparison of a [`Matcher`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    /// The property equals the value.
    Equals,
    /// The value is a list and every node whose property is in it matches.
    In,
    /// The property contains the value, ignoring case (Cartography's
    /// `fuzzy_and_ignore_case`, for names only known in part).
    Contains,
}

impl Matcher {
    pub const fn field(key: &'static str, field: &'static str) -> Matcher {
        Matcher {
            key,
            source: Source::Field(field),
            op: MatchOp::Equals,
        }
    }

    pub const fn param(key: &'static str, param: &'static str) -> Matcher {
        Matcher {
            key,
            source: Source::Param(param),
            op: MatchOp::Equals,
        }
    }

    pub const fn list(key: &'static str, field: &'static str) -> Matcher {
        Matcher {
            key,
            source: Source::Field(field),
            op: MatchOp::In,
        }
    }

    pub const fn contains(key: &'static str, field: &'static str) -> Matcher {
        Matcher {
            key,
            source: Source::Field(field),
            op: MatchOp::Contains,
        }
    }
}

/// A relationship from the node being loaded to existing nodes of `target_label`.
/// `lastupdated` and `firstseen` are always written; `properties` lists any others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelSchema {
    pub target_label: &'static str,
    pub matchers: &'static [Matcher],
    pub direction: Direction,
    pub rel_type: &'static str,
    pub properties: &'static [Property],
}

impl RelSchema {
    pub const fn new(
        rel_type: &'static str,
        direction: Direction,
        target_label: &'static str,
        matchers: &'static [Matcher],
    ) -> RelSchema {
        RelSchema {
            target_label,
            matchers,
            direction,
            rel_type,
            properties: &[],
        }
    }
}

/// How stale nodes of a schema are removed after a successful sync of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CleanupMode {
    /// Delete stale nodes (and stale relationships) owned by the scope's tenant through the
    /// sub-resource relationship. Requires `sub_resource`.
    Scoped,
    /// The nodes are shared between tenants (e.g. AWS managed policies): delete only stale
    /// relationships, never the nodes.
    RelationshipsOnly,
    /// Delete every stale node of the label, whoever owns it (global, tenant-less nodes).
    Unscoped,
    /// Never clean up: the schema only adds properties or relationships to nodes that another
    /// schema owns and cleans up.
    Never,
    /// Shared nodes that exist only to be linked to (tags): delete the stale ones that no
    /// relationship reaches any more, once every scope's links were cleaned up.
    Orphans,
}

/// One node type. `id` is the field the node is merged on; `lastupdated` and `firstseen`
/// are always written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSchema {
    pub label: &'static str,
    pub id: Source,
    pub extra_labels: &'static [ExtraLabel],
    pub properties: &'static [Property],
    /// The tenant that owns the node, e.g. `(:AWSAccount {id: $AWS_ID})-[:RESOURCE]->(n)`.
    pub sub_resource: Option<RelSchema>,
    pub relationships: &'static [RelSchema],
    pub cleanup: CleanupMode,
}

/// A relationship-only schema joining two node sets that other schemas load (Cartography's
/// "matchlinks"). Its relationships carry `_sub_resource_label`/`_sub_resource_id` so that
/// cleanup stays inside the scope that wrote them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkSchema {
    pub source_label: &'static str,
    pub source_matchers: &'static [Matcher],
    pub target_label: &'static str,
    pub target_matchers: &'static [Matcher],
    pub direction: Direction,
    pub rel_type: &'static str,
    pub properties: &'static [Property],
}
