//! PackStream v1: the binary encoding of every Bolt message and value.
//!
//! This layer knows only the generic shapes (scalars, lists, maps, tagged structures);
//! [`crate::convert`] maps structures to cartograph values.

use std::fmt;

/// A decoded PackStream value. Maps keep their wire order, which Bolt gives meaning to only
/// for readability, so a `Vec` of pairs is enough.
#[derive(Debug, Clone, PartialEq)]
pub enum Pack {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Bytes(Vec<u8>),
    String(String),
    List(Vec<Pack>),
    Map(Vec<(String, Pack)>),
    Struct(u8, Vec<Pack>),
}

/// Why a byte sequence is not valid PackStream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed PackStream data: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

/// Deepest nesting accepted from the network, so a hostile message cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

impl Pack {
    pub fn str(s: impl Into<String>) -> Pack {
        Pack::String(s.into())
    }

    /// A map from `(key, value)` pairs.
    pub fn map<I, K>(pairs: I) -> Pack
    where
        I: IntoIterator<Item = (K, Pack)>,
        K: Into<String>,
    {
        Pack::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The value of `key` when this is a map.
    pub fn get(&self, key: &str) -> Option<&Pack> {
        match self {
            Pack::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Pack::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Pack::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// Append the encoding of this value to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Pack::Null => out.push(0xC0),
            Pack::Bool(false) => out.push(0xC2),
            Pack::Bool(true) => out.push(0xC3),
            Pack::Int(i) => encode_int(*i, out),
            Pack::Float(f) => {
                out.push(0xC1);
                out.extend_from_slice(&f.to_be_bytes());
            }
            Pack::Bytes(b) => {
                header(out, b.len(), None, [0xCC, 0xCD, 0xCE]);
                out.extend_from_slice(b);
            }
            Pack::String(s) => {
                header(out, s.len(), Some(0x80), [0xD0, 0xD1, 0xD2]);
                out.extend_from_slice(s.as_bytes());
            }
            Pack::List(items) => {
                header(out, items.len(), Some(0x90), [0xD4, 0xD5, 0xD6]);
                for x in items {
                    x.encode(out);
                }
            }
            Pack::Map(pairs) => {
                header(out, pairs.len(), Some(0xA0), [0xD8, 0xD9, 0xDA]);
                for (k, v) in pairs {
                    Pack::String(k.clone()).encode(out);
                    v.encode(out);
                }
            }
            Pack::Struct(tag, fields) => {
                // Structures have at most 15 fields by definition of the format.
                out.push(0xB0 | (fields.len().min(15) as u8));
                out.push(*tag);
                for f in fields.iter().take(15) {
                    f.encode(out);
                }
            }
        }
    }

    /// Decode exactly one value from `bytes`; trailing bytes are an error.
    pub fn decode(bytes: &[u8]) -> Result<Pack, DecodeError> {
        let mut r = Reader { bytes, pos: 0 };
        let v = r.value(0)?;
        if r.pos != bytes.len() {
            return Err(DecodeError(format!(
                "{} unexpected trailing bytes",
                bytes.len() - r.pos
            )));
        }
        Ok(v)
    }
}

fn encode_int(i: i64, out: &mut Vec<u8>) {
    if (-16..=127).contains(&i) {
        out.push(i as i8 as u8);
    } else if let Ok(v) = i8::try_from(i) {
        out.push(0xC8);
        out.push(v as u8);
    } else if let Ok(v) = i16::try_from(i) {
        out.push(0xC9);
        out.extend_from_slice(&v.to_be_bytes());
    } else if let Ok(v) = i32::try_from(i) {
        out.push(0xCA);
        out.extend_from_slice(&v.to_be_bytes());
    } else {
        out.push(0xCB);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

/// The marker and size of a sized value: a tiny marker when the size fits in a nibble and
/// the type has one, else an 8-, 16- or 32-bit size.
fn header(out: &mut Vec<u8>, len: usize, tiny: Option<u8>, markers: [u8; 3]) {
    match tiny {
        Some(t) if len < 16 => out.push(t | len as u8),
        _ if len <= 0xFF => {
            out.push(markers[0]);
            out.push(len as u8);
        }
        _ if len <= 0xFFFF => {
            out.push(markers[1]);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(markers[2]);
            out.extend_from_slice(&(len.min(u32::MAX as usize) as u32).to_be_bytes());
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| {
            DecodeError(format!("value needs {n} more bytes than the message holds"))
        })?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn fixed<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn size(&mut self, width: u8) -> Result<usize, DecodeError> {
        Ok(match width {
            0 => self.fixed::<1>()?[0] as usize,
            1 => u16::from_be_bytes(self.fixed()?) as usize,
            _ => u32::from_be_bytes(self.fixed()?) as usize,
        })
    }

    fn string(&mut self, len: usize) -> Result<String, DecodeError> {
        let b = self.take(len)?;
        String::from_utf8(b.to_vec()).map_err(|_| DecodeError("string is not valid UTF-8".into()))
    }

    fn list(&mut self, len: usize, depth: usize) -> Result<Pack, DecodeError> {
        // Every element takes at least one byte: refuse sizes the message cannot hold
        // before allocating for them.
        self.check_room(len)?;
        let mut v = Vec::with_capacity(len);
        for _ in 0..len {
            v.push(self.value(depth + 1)?);
        }
        Ok(Pack::List(v))
    }

    fn map(&mut self, len: usize, depth: usize) -> Result<Pack, DecodeError> {
        self.check_room(len.saturating_mul(2))?;
        let mut v = Vec::with_capacity(len);
        for _ in 0..len {
            let key = match self.value(depth + 1)? {
                Pack::String(s) => s,
                other => {
                    return Err(DecodeError(format!(
                        "map key must be a string, got {other:?}"
                    )));
                }
            };
            v.push((key, self.value(depth + 1)?));
        }
        Ok(Pack::Map(v))
    }

    fn check_room(&self, min_bytes: usize) -> Result<(), DecodeError> {
        if min_bytes > self.bytes.len() - self.pos {
            return Err(DecodeError(format!(
                "container claims {min_bytes} entries, more than the message holds"
            )));
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Pack, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(DecodeError(format!(
                "nested deeper than {MAX_DEPTH} levels"
            )));
        }
        let m = self.fixed::<1>()?[0];
        Ok(match m {
            0x00..=0x7F => Pack::Int(i64::from(m)),
            0xF0..=0xFF => Pack::Int(i64::from(m as i8)),
            0x80..=0x8F => Pack::String(self.string((m & 0x0F) as usize)?),
            0x90..=0x9F => self.list((m & 0x0F) as usize, depth)?,
            0xA0..=0xAF => self.map((m & 0x0F) as usize, depth)?,
            0xB0..=0xBF => {
                let n = (m & 0x0F) as usize;
                let tag = self.fixed::<1>()?[0];
                self.check_room(n)?;
                let mut fields = Vec::with_capacity(n);
                for _ in 0..n {
                    fields.push(self.value(depth + 1)?);
                }
                Pack::Struct(tag, fields)
            }
            0xC0 => Pack::Null,
            0xC1 => Pack::Float(f64::from_be_bytes(self.fixed()?)),
            0xC2 => Pack::Bool(false),
            0xC3 => Pack::Bool(true),
            0xC8 => Pack::Int(i64::from(i8::from_be_bytes(self.fixed()?))),
            0xC9 => Pack::Int(i64::from(i16::from_be_bytes(self.fixed()?))),
            0xCA => Pack::Int(i64::from(i32::from_be_bytes(self.fixed()?))),
            0xCB => Pack::Int(i64::from_be_bytes(self.fixed()?)),
            0xCC..=0xCE => {
                let n = self.size(m - 0xCC)?;
                Pack::Bytes(self.take(n)?.to_vec())
            }
            0xD0..=0xD2 => {
                let n = self.size(m - 0xD0)?;
                Pack::String(self.string(n)?)
            }
            0xD4..=0xD6 => {
                let n = self.size(m - 0xD4)?;
                self.list(n, depth)?
            }
            0xD8..=0xDA => {
                let n = self.size(m - 0xD8)?;
                self.map(n, depth)?
            }
            other => return Err(DecodeError(format!("unknown marker byte 0x{other:02X}"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(v: Pack) -> Vec<u8> {
        let mut out = Vec::new();
        v.encode(&mut out);
        assert_eq!(Pack::decode(&out), Ok(v));
        out
    }

    #[test]
    fn integers_use_the_smallest_encoding() {
        assert_eq!(round_trip(Pack::Int(1)), [0x01]);
        assert_eq!(round_trip(Pack::Int(-16)), [0xF0]);
        assert_eq!(round_trip(Pack::Int(-17)), [0xC8, 0xEF]);
        assert_eq!(round_trip(Pack::Int(128)), [0xC9, 0x00, 0x80]);
        assert_eq!(
            round_trip(Pack::Int(40_000)),
            [0xCA, 0x00, 0x00, 0x9C, 0x40]
        );
        assert_eq!(round_trip(Pack::Int(i64::MIN)).len(), 9);
        assert_eq!(round_trip(Pack::Int(i64::MAX)).len(), 9);
    }

    #[test]
    fn scalars_and_sizes_round_trip() {
        assert_eq!(round_trip(Pack::Null), [0xC0]);
        assert_eq!(round_trip(Pack::Bool(true)), [0xC3]);
        assert_eq!(round_trip(Pack::Float(1.5))[0], 0xC1);
        assert_eq!(round_trip(Pack::str("a")), [0x81, b'a']);
        assert_eq!(round_trip(Pack::str("x".repeat(16)))[..2], [0xD0, 16]);
        assert_eq!(
            round_trip(Pack::str("x".repeat(300)))[..3],
            [0xD1, 0x01, 0x2C]
        );
        assert_eq!(round_trip(Pack::str("é".repeat(40_000)))[0], 0xD2);
        assert_eq!(round_trip(Pack::Bytes(vec![1, 2, 3])), [0xCC, 3, 1, 2, 3]);
        round_trip(Pack::List((0..20).map(Pack::Int).collect()));
        round_trip(Pack::Map(
            (0..300).map(|i| (format!("k{i}"), Pack::Int(i))).collect(),
        ));
    }

    #[test]
    fn structures_round_trip() {
        let node = Pack::Struct(
            0x4E,
            vec![
                Pack::Int(1),
                Pack::List(vec![Pack::str("L")]),
                Pack::map([("p", Pack::Float(-0.5))]),
            ],
        );
        assert_eq!(round_trip(node)[..2], [0xB3, 0x4E]);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(Pack::decode(&[]).is_err());
        assert!(Pack::decode(&[0xD1, 0xFF]).is_err());
        assert!(Pack::decode(&[0xD6, 0xFF, 0xFF, 0xFF, 0xFF]).is_err());
        assert!(Pack::decode(&[0x82, 0xFF, 0xFE]).is_err());
        assert!(Pack::decode(&[0xA1, 0x01, 0x01]).is_err());
        assert!(Pack::decode(&[0xC7]).is_err());
        assert!(Pack::decode(&[0x01, 0x02]).is_err());
        assert!(Pack::decode(&vec![0x91; 1000]).is_err());
    }
}
