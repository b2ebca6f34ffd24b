//! The Bolt handshake: the client sends a magic preamble and four version proposals (each
//! a major.minor with an optional range of older minors); the server answers with the one
//! version both speak, or zeros.

use std::fmt;

/// `60 60 B0 17`, the first bytes a Bolt client sends.
pub const MAGIC: [u8; 4] = [0x60, 0x60, 0xB0, 0x17];

/// A Bolt protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u8,
    pub minor: u8,
}

impl Version {
    pub const fn new(major: u8, minor: u8) -> Version {
        Version { major, minor }
    }

    /// 5.0 added element ids to entities and UTC-based date-time structures.
    pub fn is_v5(self) -> bool {
        self.major >= 5
    }

    /// 5.1 moved credentials from HELLO to LOGON.
    pub fn has_logon(self) -> bool {
        self >= Version::new(5, 1)
    }

    /// The four bytes that name this version in a handshake answer.
    pub fn to_bytes(self) -> [u8; 4] {
        [0, 0, self.minor, self.major]
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The versions this crate speaks, newest first. 5.5 and later change notification and
/// error metadata in ways drivers only use when offered, so 5.4 is the ceiling.
pub const SUPPORTED: [Version; 6] = [
    Version::new(5, 4),
    Version::new(5, 3),
    Version::new(5, 2),
    Version::new(5, 1),
    Version::new(5, 0),
    Version::new(4, 4),
];

/// The server's choice among the client's proposals: the first proposal (in the client's
/// order of preference) that covers a supported version, taking the newest version it
/// covers. `None` when nothing matches.
pub fn negotiate(proposals: &[u8; 16]) -> Option<Version> {
    proposals.chunks_exact(4).find_map(|p| {
        let (range, minor, major) = (p[1], p[2], p[3]);
        let lowest = minor.saturating_sub(range);
        SUPPORTED
            .iter()
            .copied()
            .find(|v| v.major == major && v.minor <= minor && v.minor >= lowest)
    })
}

/// What cartograph's client proposes: 5.4 down to 5.0, then 4.4.
pub fn client_proposals() -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..4].copy_from_slice(&[0, 4, 4, 5]);
    out[4..8].copy_from_slice(&[0, 0, 4, 4]);
    out
}

/// The version a server answered with; `None` if it refused all proposals.
pub fn parse_answer(answer: [u8; 4]) -> Option<Version> {
    let v = Version::new(answer[3], answer[2]);
    SUPPORTED.contains(&v).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposals(list: &[[u8; 4]]) -> [u8; 16] {
        let mut out = [0u8; 16];
        for (i, p) in list.iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(p);
        }
        out
    }

    #[test]
    fn ranges_pick_the_newest_covered_version() {
        // Current drivers: 5.8 down to 5.0, then 4.4 down to 4.2.
        assert_eq!(
            negotiate(&proposals(&[[0, 8, 8, 5], [0, 2, 4, 4]])),
            Some(Version::new(5, 4))
        );
        assert_eq!(
            negotiate(&proposals(&[[0, 0, 2, 5]])),
            Some(Version::new(5, 2))
        );
        assert_eq!(
            negotiate(&proposals(&[[0, 0, 1, 6], [0, 2, 4, 4]])),
            Some(Version::new(4, 4))
        );
    }

    #[test]
    fn unknown_versions_and_manifests_are_refused() {
        assert_eq!(
            negotiate(&proposals(&[[0, 0, 1, 0xFF], [0, 0, 0, 3]])),
            None
        );
        assert_eq!(negotiate(&proposals(&[[0, 0, 5, 5]])), None);
        assert_eq!(negotiate(&[0; 16]), None);
    }

    #[test]
    fn client_proposals_are_accepted_by_our_server() {
        assert_eq!(negotiate(&client_proposals()), Some(Version::new(5, 4)));
        assert_eq!(
            parse_answer(Version::new(4, 4).to_bytes()),
            Some(Version::new(4, 4))
        );
        assert_eq!(parse_answer([0; 4]), None);
    }
}
