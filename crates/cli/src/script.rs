//! Splitting a script into statements at top-level `;`, respecting quotes and comments.

/// The non-empty statements of `text`, without their terminating `;`.
pub fn split(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    // Backslash escapes in strings; identifiers escape a backtick by doubling it,
                    // which this loop handles as two adjacent quoted parts.
                    if bytes[i] == b'\\' && q != b'`' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 1;
            }
            b';' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start.min(text.len())..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty() && !is_only_comments(s))
        .collect()
}

fn is_only_comments(s: &str) -> bool {
    let mut rest = s.trim();
    loop {
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, after)| after).trim();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, after)| after).trim();
        } else {
            return rest.is_empty();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_at_top_level_semicolons_only() {
        assert_eq!(split("RETURN 1; RETURN 2;"), vec!["RETURN 1", "RETURN 2"]);
        assert_eq!(
            split("RETURN ';' AS a; RETURN \"x;y\""),
            vec!["RETURN ';' AS a", "RETURN \"x;y\""]
        );
        assert_eq!(
            split("RETURN 'it\\'s;' // c;\n; /* ; */ RETURN 3"),
            vec!["RETURN 'it\\'s;' // c;", "/* ; */ RETURN 3"]
        );
        assert_eq!(
            split("MATCH (`a;b`) RETURN 1"),
            vec!["MATCH (`a;b`) RETURN 1"]
        );
        assert!(split("  ;  // only a comment\n").is_empty());
    }
}
