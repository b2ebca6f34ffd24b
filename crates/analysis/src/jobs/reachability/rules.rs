//! Security group rules open to anywhere and network ACL entries: the protocol and port
//! arithmetic of the reachability job, pure and unit-tested.

use std::collections::BTreeSet;

/// Protocol numbers; `None` is "all traffic" (`-1`).
pub(super) type Protocol = Option<u16>;

pub(super) fn protocol(p: Option<&str>) -> Protocol {
    match p.map(str::to_ascii_lowercase).as_deref() {
        None | Some("-1" | "all") => None,
        Some("tcp") => Some(6),
        Some("udp") => Some(17),
        Some("icmp") => Some(1),
        Some("icmpv6") => Some(58),
        Some(other) => other.parse().ok().or(Some(u16::MAX)),
    }
}

fn has_ports(p: u16) -> bool {
    p == 6 || p == 17
}

/// A security group rule open to anywhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct OpenRule {
    pub ipv6: bool,
    pub protocol: Protocol,
    pub from: i64,
    pub to: i64,
}

impl OpenRule {
    pub fn label(&self) -> String {
        let name = match self.protocol {
            None => return "all".to_string(),
            Some(6) => "tcp".to_string(),
            Some(17) => "udp".to_string(),
            Some(1) => "icmp".to_string(),
            Some(58) => "icmpv6".to_string(),
            Some(n) => n.to_string(),
        };
        match self.protocol {
            Some(p) if has_ports(p) && self.from == self.to => format!("{name}/{}", self.from),
            Some(p) if has_ports(p) => format!("{name}/{}-{}", self.from, self.to),
            _ => name,
        }
    }
}

/// An inbound network ACL entry.
#[derive(Debug, Clone)]
pub(super) struct AclRule {
    pub number: i64,
    pub protocol: Protocol,
    pub ports: Option<(i64, i64)>,
    pub ipv4_anywhere: bool,
    pub ipv6_anywhere: bool,
    pub allow: bool,
}

/// Whether the ACL lets traffic from anywhere in on some port of the rule.
pub(super) fn acl_allows(acl: &[AclRule], open: &OpenRule) -> bool {
    let protocols: Vec<u16> = match open.protocol {
        None => vec![6, 17, 1, 58],
        Some(p) => vec![p],
    };
    let applicable: Vec<&AclRule> = acl
        .iter()
        .filter(|r| {
            if open.ipv6 {
                r.ipv6_anywhere
            } else {
                r.ipv4_anywhere
            }
        })
        .collect();
    protocols.into_iter().any(|proto| {
        let (from, to) = if open.protocol.is_none() || !has_ports(proto) {
            (0, 65535)
        } else {
            (open.from, open.to)
        };
        // The decision only changes at rule boundaries: test those inside the range.
        let mut ports: BTreeSet<i64> = [from, to].into();
        for r in &applicable {
            if let Some((a, b)) = r.ports {
                ports.extend(
                    [a - 1, a, b, b + 1]
                        .into_iter()
                        .filter(|p| (from..=to).contains(p)),
                );
            }
        }
        ports.into_iter().any(|port| {
            applicable
                .iter()
                .find(|r| {
                    r.protocol.is_none_or(|p| p == proto)
                        && (!has_ports(proto)
                            || r.protocol.is_none()
                            || r.ports.is_none_or(|(a, b)| (a..=b).contains(&port)))
                })
                .is_some_and(|r| r.allow)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acl(number: i64, proto: &str, ports: Option<(i64, i64)>, allow: bool) -> AclRule {
        AclRule {
            number,
            protocol: protocol(Some(proto)),
            ports,
            ipv4_anywhere: true,
            ipv6_anywhere: false,
            allow,
        }
    }

    fn tcp(from: i64, to: i64) -> OpenRule {
        OpenRule {
            ipv6: false,
            protocol: Some(6),
            from,
            to,
        }
    }

    #[test]
    fn first_matching_acl_rule_decides() {
        let deny_ssh = [
            acl(100, "6", Some((22, 22)), false),
            acl(200, "-1", None, true),
        ];
        assert!(!acl_allows(&deny_ssh, &tcp(22, 22)));
        assert!(acl_allows(&deny_ssh, &tcp(22, 23)));
        assert!(acl_allows(&deny_ssh, &tcp(443, 443)));
        let only_https = [
            acl(100, "6", Some((443, 443)), true),
            acl(32767, "-1", None, false),
        ];
        assert!(!acl_allows(&only_https, &tcp(22, 22)));
        assert!(acl_allows(&only_https, &tcp(0, 65535)));
        assert!(!acl_allows(
            &only_https,
            &OpenRule {
                protocol: Some(17),
                ..tcp(0, 65535)
            }
        ));
        assert!(acl_allows(
            &only_https,
            &OpenRule {
                protocol: None,
                ..tcp(0, 65535)
            }
        ));
        assert!(!acl_allows(&[], &tcp(22, 22)), "no rule matches: denied");
        let v6 = OpenRule {
            ipv6: true,
            ..tcp(22, 22)
        };
        assert!(!acl_allows(&deny_ssh, &v6), "IPv4 rules do not admit IPv6");
    }

    #[test]
    fn labels() {
        assert_eq!(tcp(22, 22).label(), "tcp/22");
        assert_eq!(tcp(80, 90).label(), "tcp/80-90");
        assert_eq!(
            OpenRule {
                protocol: None,
                ..tcp(0, 65535)
            }
            .label(),
            "all"
        );
        assert_eq!(
            OpenRule {
                protocol: Some(1),
                ..tcp(-1, -1)
            }
            .label(),
            "icmp"
        );
        assert_eq!(protocol(Some("TCP")), Some(6));
        assert_eq!(protocol(Some("all")), None);
    }
}
