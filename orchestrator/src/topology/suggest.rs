//! "Did you mean …?" hints: the closest known word by edit distance.

/// Levenshtein distance between two strings, counted in chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word` if it is close enough to be a likely typo: at most 2 edits, or a third
/// of the candidate's length for long names. Ties go to the earliest candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let d = edit_distance(&lower, &candidate.to_lowercase());
        let limit = 2.max(candidate.chars().count() / 3);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `"; did you mean `x`?"` when a candidate is close, otherwise `""`.
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("tempo", "tempo"), 0);
        assert_eq!(edit_distance("temp", "tempo"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggestions() {
        let keys = ["name", "owner", "tempo", "hyperparameters"];
        assert_eq!(closest("tmepo", keys), Some("tempo"));
        assert_eq!(closest("hyperparams", keys), Some("hyperparameters"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("Owner", keys), Some("owner"));
    }
}
