//! Which AWS syncs run: Cartography's `--aws-requested-syncs` names.

use std::collections::BTreeSet;
use std::fmt;

use crate::services::{self, Service};

/// The parts of EC2 (and Auto Scaling) that can be requested one by one, by their
/// Cartography names.
pub const EC2_PARTS: &[&str] = &[
    "ec2:instance",
    "ec2:security_group",
    "ec2:vpc",
    "ec2:subnet",
    "ec2:network_interface",
    "ec2:keypair",
    "ec2:volumes",
    "ec2:snapshots",
    "ec2:images",
    "ec2:internet_gateway",
    "ec2:route_table",
    "ec2:network_acls",
    "ec2:vpc_endpoint",
    "ec2:vpc_peering",
    "ec2:elastic_ip_addresses",
    "ec2:launch_templates",
    "ec2:autoscalinggroup",
];

/// Account-wide syncs besides EC2.
const OTHER: &[&str] = &["iam", "s3", "organizations"];

/// The syncs of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub iam: bool,
    pub s3: bool,
    pub organizations: bool,
    /// Requested EC2 parts (names from [`EC2_PARTS`]).
    pub ec2: BTreeSet<&'static str>,
    /// Requested registered services, by key (see [`crate::services::ALL`]).
    pub services: BTreeSet<&'static str>,
}

/// The registered services this build can fetch.
fn built_services() -> impl Iterator<Item = &'static Service> {
    services::ALL.iter().copied().filter(|s| s.fetch.is_some())
}

/// The cargo feature a sync needs, and whether this build has it.
fn feature(name: &str) -> (&'static str, bool) {
    match name.split(':').next().unwrap_or_default() {
        "iam" => ("iam", cfg!(feature = "iam")),
        "s3" => ("s3", cfg!(feature = "s3")),
        "organizations" => ("organizations", cfg!(feature = "organizations")),
        _ => ("ec2", cfg!(feature = "ec2")),
    }
}

impl Default for Selection {
    /// Everything this build can sync.
    fn default() -> Self {
        Selection {
            iam: feature("iam").1,
            s3: feature("s3").1,
            organizations: feature("organizations").1,
            ec2: if feature("ec2").1 {
                EC2_PARTS.iter().copied().collect()
            } else {
                BTreeSet::new()
            },
            services: built_services().map(|s| s.key).collect(),
        }
    }
}

/// A requested sync that does not exist, or that this build leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionError {
    Unknown(String),
    NotBuilt { name: String, feature: &'static str },
}

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SelectionError::Unknown(name) => write!(
                f,
                "unknown AWS sync `{name}`; known: {}, ec2 (all of EC2), {}, {}",
                OTHER.join(", "),
                EC2_PARTS.join(", "),
                services::ALL
                    .iter()
                    .map(|s| s.key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            SelectionError::NotBuilt { name, feature } => write!(
                f,
                "`{name}` is not built into this binary (cargo feature `{feature}` of cartograph-aws)"
            ),
        }
    }
}

impl std::error::Error for SelectionError {}

impl Selection {
    /// Parse names such as `iam`, `s3`, `ec2` (every EC2 part) or `ec2:instance`.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Selection, SelectionError> {
        let mut sel = Selection {
            iam: false,
            s3: false,
            organizations: false,
            ec2: BTreeSet::new(),
            services: BTreeSet::new(),
        };
        for name in names.iter().map(|n| n.as_ref().trim()) {
            if let Some(service) = services::find(name) {
                if service.fetch.is_none() {
                    return Err(SelectionError::NotBuilt {
                        name: name.to_string(),
                        feature: service.feature,
                    });
                }
                sel.services.insert(service.key);
                continue;
            }
            let known = OTHER.contains(&name) || name == "ec2" || EC2_PARTS.contains(&name);
            if !known {
                return Err(SelectionError::Unknown(name.to_string()));
            }
            if let (feature, false) = feature(name) {
                return Err(SelectionError::NotBuilt {
                    name: name.to_string(),
                    feature,
                });
            }
            match name {
                "iam" => sel.iam = true,
                "s3" => sel.s3 = true,
                "organizations" => sel.organizations = true,
                "ec2" => sel.ec2.extend(EC2_PARTS.iter().copied()),
                part => sel
                    .ec2
                    .extend(EC2_PARTS.iter().copied().filter(|p| *p == part)),
            }
        }
        Ok(sel)
    }

    pub fn wants(&self, ec2_part: &str) -> bool {
        self.ec2.contains(ec2_part)
    }

    /// EC2 stale data is cleaned up only when every part was read: the parts share nodes
    /// (an instance's subnet, a volume's instance), so a partial read is not a full picture.
    pub fn ec2_complete(&self) -> bool {
        self.ec2.len() == EC2_PARTS.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_errors() {
        let err = Selection::parse(&["ec2:lambda"]).err();
        assert!(err.is_some_and(|e| e.to_string().contains("unknown AWS sync `ec2:lambda`")));
    }

    #[cfg(all(feature = "iam", feature = "ec2"))]
    #[test]
    fn names_parse_like_cartography() {
        let sel = Selection::parse(&["iam", "ec2:instance", "ec2:vpc"]);
        let sel = sel.unwrap_or_default();
        assert!(sel.iam && !sel.s3 && !sel.organizations);
        assert!(sel.wants("ec2:instance") && !sel.wants("ec2:subnet"));
        assert!(!sel.ec2_complete());
        assert!(Selection::parse(&["ec2"]).is_ok_and(|s| s.ec2_complete()));
    }
}
