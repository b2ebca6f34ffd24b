//! IAM wildcards: `*` matches any run of characters (including none), `?` exactly one.
//! Actions compare case-insensitively, ARNs case-sensitively, as IAM does.

/// Whether `pattern` matches all of `text`.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern == "*" {
        return true;
    }
    if pattern.is_ascii() && text.is_ascii() {
        let eq = |p: &u8, t: &u8| {
            if ignore_case {
                p.eq_ignore_ascii_case(t)
            } else {
                p == t
            }
        };
        return matches(pattern.as_bytes(), text.as_bytes(), b'*', b'?', eq);
    }
    let fold = |s: &str| -> Vec<char> {
        if ignore_case {
            s.chars().flat_map(char::to_lowercase).collect()
        } else {
            s.chars().collect()
        }
    };
    matches(&fold(pattern), &fold(text), '*', '?', |p, t| p == t)
}

/// Greedy matching with one backtrack point (the last `*`): linear in practice,
/// O(len(p) * len(t)) at worst, never recursive.
fn matches<T: Copy + PartialEq>(
    p: &[T],
    t: &[T],
    star: T,
    one: T,
    eq: impl Fn(&T, &T) -> bool,
) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(c) if *c == star => {
                backtrack = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == one || eq(c, &t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match backtrack {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    backtrack = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == star)
}

/// An action pattern (`s3:Get*`) against an action (`s3:GetObject`).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard_match(pattern, action, true)
}

/// The prefix of every S3 ARN (bucket and object ARNs carry no region or account).
const S3_ARN_PREFIX: &str = "arn:aws:s3:::";

/// A `Resource` pattern against a resource ARN. For S3 buckets an object pattern
/// (`arn:aws:s3:::bucket/*`, `.../logs/*`) also matches the bucket itself, as Cartography
/// draws object-level grants to the bucket node; other services keep `/` as part of the name.
pub fn resource_matches(pattern: &str, arn: &str) -> bool {
    if wildcard_match(pattern, arn, false) {
        return true;
    }
    if !arn.starts_with(S3_ARN_PREFIX) || arn[S3_ARN_PREFIX.len()..].contains('/') {
        return false;
    }
    match pattern.split_once('/') {
        Some((bucket, _)) => wildcard_match(bucket, arn, false),
        None => false,
    }
}

/// A `NotResource` pattern: exact wildcard semantics, no widening (excluding a bucket's
/// objects does not exclude the bucket).
pub fn not_resource_matches(pattern: &str, arn: &str) -> bool {
    wildcard_match(pattern, arn, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("s3:Get*", "s3:GetObject", true),
            ("s3:*Object", "s3:GetObject", true),
            ("s3:*Object", "s3:GetObjectAcl", false),
            ("iam:???User", "iam:GetUser", true),
            ("iam:???User", "iam:ListUser", false),
            ("iam:?", "iam:", false),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("**", "x", true),
            ("", "", true),
            ("", "x", false),
            ("é*", "éte", true),
            ("?", "é", true),
            ("É", "é", false),
        ];
        for (p, t, want) in cases {
            assert_eq!(wildcard_match(p, t, false), want, "{p} vs {t}");
        }
    }

    #[test]
    fn actions_ignore_case_and_arns_do_not() {
        assert!(action_matches("S3:getobject", "s3:GetObject"));
        assert!(wildcard_match("É*", "été", true));
        assert!(!resource_matches(
            "arn:aws:s3:::Bucket",
            "arn:aws:s3:::bucket"
        ));
    }

    #[test]
    fn object_patterns_grant_on_the_bucket_only_for_s3() {
        assert!(resource_matches("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
        assert!(resource_matches("arn:aws:s3:::b/logs/*", "arn:aws:s3:::b"));
        assert!(resource_matches("arn:aws:s3:::b*/k", "arn:aws:s3:::bucket"));
        assert!(!resource_matches("arn:aws:s3:::other/*", "arn:aws:s3:::b"));
        assert!(!resource_matches(
            "arn:aws:iam::1:role/R/*",
            "arn:aws:iam::1:role/R"
        ));
        assert!(!not_resource_matches("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
    }
}
