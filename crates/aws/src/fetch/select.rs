//! Which AWS syncs run: Cartography's `--aws-requested-syncs` names.

use std::collections::BTreeSet;
use std::fmt;

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
}

impl Default for Selection {
    /// Everything.
    fn default() -> Self {
        Selection {
            iam: true,
            s3: true,
            organizations: true,
            ec2: EC2_PARTS.iter().copied().collect(),
        }
    }
}

/// A requested sync name that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionError(pub String);

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown AWS sync `{}`; known: {}, ec2 (all of EC2), {}",
            self.0,
            OTHER.join(", "),
            EC2_PARTS.join(", ")
        )
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
        };
        for name in names.iter().map(|n| n.as_ref().trim()) {
            match name {
                "iam" => sel.iam = true,
                "s3" => sel.s3 = true,
                "organizations" => sel.organizations = true,
                "ec2" => sel.ec2.extend(EC2_PARTS.iter().copied()),
                other => match EC2_PARTS.iter().find(|p| **p == other) {
                    Some(part) => {
                        sel.ec2.insert(part);
                    }
                    None => return Err(SelectionError(other.to_string())),
                },
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
    fn names_parse_like_cartography() {
        let sel = Selection::parse(&["iam", "ec2:instance", "ec2:vpc"]);
        let sel = sel.unwrap_or_default();
        assert!(sel.iam && !sel.s3 && !sel.organizations);
        assert!(sel.wants("ec2:instance") && !sel.wants("ec2:subnet"));
        assert!(!sel.ec2_complete());
        assert!(Selection::parse(&["ec2"]).is_ok_and(|s| s.ec2_complete()));
        let err = Selection::parse(&["ec2:lambda"]).err();
        assert!(err.is_some_and(|e| e.to_string().contains("unknown AWS sync `ec2:lambda`")));
    }
}
