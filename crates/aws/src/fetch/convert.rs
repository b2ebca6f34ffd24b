//! Small conversions from SDK shapes to the strings and integers the records hold.

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

/// An optional string slice as an owned string.
pub fn s(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

/// A required-in-practice string (ids, names): empty when absent.
pub fn req(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

/// An SDK enum by its wire name.
pub fn e<T: AsRef<str>>(v: Option<&T>) -> Option<String> {
    v.map(|x| x.as_ref().to_string())
}

/// A timestamp in the ISO-8601 form the AWS JSON APIs and the recorded estate use.
pub fn date(v: Option<&DateTime>) -> Option<String> {
    v.and_then(|d| d.fmt(Format::DateTime).ok())
}

/// A timestamp as the epoch seconds the JSON APIs send (the form KMS and Secrets Manager
/// records keep).
#[cfg(any(feature = "kms", feature = "secretsmanager"))]
pub fn secs(v: Option<&DateTime>) -> Option<f64> {
    v.map(DateTime::as_secs_f64)
}

#[cfg(any(feature = "ec2", feature = "rds", feature = "sagemaker"))]
pub fn int(v: Option<i32>) -> Option<i64> {
    v.map(i64::from)
}

/// IAM returns policy documents URL-encoded; the records take the JSON text.
#[cfg(feature = "iam")]
pub fn policy_document(raw: &str) -> serde_json::Value {
    let text = if raw.trim_start().starts_with('{') {
        raw.to_string()
    } else {
        percent_decode(raw)
    };
    serde_json::Value::String(text)
}

/// RFC 3986 percent-decoding (`+` is left alone: IAM encodes spaces as `%20`). Invalid
/// escapes are kept as they are.
#[cfg(feature = "iam")]
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let (h, l) = (hex(h).unwrap_or(0), hex(l).unwrap_or(0));
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "iam")]
    #[test]
    fn policy_documents_are_url_decoded() {
        let raw = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(
            policy_document(raw),
            serde_json::Value::String(r#"{"Version":"2012-10-17","Statement":[]}"#.into())
        );
        assert_eq!(
            policy_document(r#"{"a": "50%"}"#),
            serde_json::Value::String(r#"{"a": "50%"}"#.into())
        );
        assert_eq!(percent_decode("a%2"), "a%2");
    }

    #[test]
    fn dates_are_iso_8601() {
        let d = DateTime::from_secs(1_700_000_000);
        assert_eq!(date(Some(&d)).as_deref(), Some("2023-11-14T22:13:20Z"));
    }
}
