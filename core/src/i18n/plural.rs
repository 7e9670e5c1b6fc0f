//! CLDR plural categories for whole numbers, per language: enough for the counts the frame
//! shows (attempts left), so the page can carry every form already chosen and the widget needs
//! no plural rules of its own.

/// The CLDR category (`zero`, `one`, `two`, `few`, `many`, `other`) of the integer `n` in the
/// language `tag` (one of ours).
pub fn category(tag: &str, n: u64) -> &'static str {
    let (n10, n100) = (n % 10, n % 100);
    match tag {
        "ja" | "zh-Hans" => "other",
        "fr" if n <= 1 => "one",
        "fr" | "es" | "it" if n != 0 && n.is_multiple_of(1_000_000) => "many",
        "pl" if n == 1 => "one",
        "pl" if (2..=4).contains(&n10) && !(12..=14).contains(&n100) => "few",
        "pl" => "many",
        "ar" => match n {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ if (3..=10).contains(&n100) => "few",
            _ if (11..=99).contains(&n100) => "many",
            _ => "other",
        },
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// The form of `forms` (category → text) for `n`, else the `other` form.
pub fn pick(tag: &str, n: u64, forms: &'static [(&'static str, &'static str)]) -> &'static str {
    let wanted = category(tag, n);
    let find = |c: &str| forms.iter().find(|(k, _)| *k == c).map(|(_, t)| *t);
    find(wanted).or_else(|| find("other")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::category;

    /// Values from the CLDR plural rules charts.
    #[test]
    fn categories_match_cldr() {
        let cases: &[(&str, &[(u64, &str)])] = &[
            (
                "en",
                &[(0, "other"), (1, "one"), (2, "other"), (11, "other")],
            ),
            (
                "fr",
                &[(0, "one"), (1, "one"), (2, "other"), (1_000_000, "many")],
            ),
            (
                "pl",
                &[
                    (1, "one"),
                    (2, "few"),
                    (4, "few"),
                    (5, "many"),
                    (12, "many"),
                    (22, "few"),
                    (0, "many"),
                ],
            ),
            (
                "ar",
                &[
                    (0, "zero"),
                    (1, "one"),
                    (2, "two"),
                    (3, "few"),
                    (10, "few"),
                    (11, "many"),
                    (99, "many"),
                    (100, "other"),
                    (103, "few"),
                ],
            ),
            ("ja", &[(1, "other"), (5, "other")]),
            ("zh-Hans", &[(1, "other")]),
        ];
        for (tag, values) in cases {
            for (n, expected) in *values {
                assert_eq!(category(tag, *n), *expected, "{tag} {n}");
            }
        }
    }
}
