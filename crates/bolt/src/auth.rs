//! Passwords: where they come from (never a command-line value) and how the server holds
//! one (a salted SHA-256 digest, compared in constant time).

use std::fmt;
use std::path::PathBuf;

use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::BoltError;

/// Where a password is read from.
#[derive(Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// The value of an environment variable.
    EnvVar(String),
    /// The first line of a file (a trailing newline is not part of the password).
    File(PathBuf),
    /// Typed at the terminal without echo.
    Prompt,
}

impl fmt::Debug for PasswordSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordSource::EnvVar(name) => write!(f, "EnvVar({name})"),
            PasswordSource::File(path) => write!(f, "File({})", path.display()),
            PasswordSource::Prompt => write!(f, "Prompt"),
        }
    }
}

impl PasswordSource {
    /// Read the password; an empty one is refused.
    pub fn read(&self) -> Result<String, BoltError> {
        let password = match self {
            PasswordSource::EnvVar(name) => std::env::var(name).map_err(|_| {
                BoltError::Config(format!(
                    "environment variable {name} (named as the password source) is not set"
                ))
            })?,
            PasswordSource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    BoltError::io(format!("cannot read password file {}", path.display()), e)
                })?;
                text.lines().next().unwrap_or("").to_string()
            }
            PasswordSource::Prompt => rpassword::prompt_password("Password: ")
                .map_err(|e| BoltError::io("cannot read the password from the terminal", e))?,
        };
        if password.is_empty() {
            return Err(BoltError::Config(format!(
                "the password from {self:?} is empty"
            )));
        }
        Ok(password)
    }
}

/// A password held only as a salted digest.
pub struct PasswordHash {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

fn digest(salt: &[u8; 16], password: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(password.as_bytes());
    h.finalize().into()
}

impl PasswordHash {
    pub fn new(password: &str) -> PasswordHash {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        PasswordHash {
            salt,
            digest: digest(&salt, password),
        }
    }

    /// Whether `candidate` is the password; takes the same time wherever the digests differ.
    pub fn verify(&self, candidate: &str) -> bool {
        let other = digest(&self.salt, candidate);
        self.digest
            .iter()
            .zip(other.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_password() {
        let h = PasswordHash::new("s3cret");
        assert!(h.verify("s3cret"));
        assert!(!h.verify("s3cret "));
        assert!(!h.verify(""));
        assert_ne!(PasswordHash::new("s3cret").salt, h.salt);
        assert_eq!(format!("{h:?}"), "PasswordHash(..)");
    }

    #[test]
    fn file_source_takes_the_first_line_and_refuses_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pw");
        std::fs::write(&p, "hunter2\n").unwrap();
        assert_eq!(PasswordSource::File(p.clone()).read().unwrap(), "hunter2");
        std::fs::write(&p, "\n").unwrap();
        assert!(PasswordSource::File(p).read().is_err());
        assert!(
            PasswordSource::EnvVar("CARTOGRAPH_BOLT_TEST_UNSET_VAR".into())
                .read()
                .is_err()
        );
    }
}
