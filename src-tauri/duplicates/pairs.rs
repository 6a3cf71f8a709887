//! Likely duplicate pairs among the cached contacts: the same email (case and spaces
//! aside), the same phone once read as E.164, or the same or a close name within one
//! business. Everything is grouped by hash in one pass, so 100,000 contacts cost a scan
//! of the cache's index and a few hash maps; close names are compared only within a
//! business and a shared start or end of the name.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::cache::{ordered_pair, DuplicateCandidate};

/// Why two contacts look like one person, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum Reason {
    SameEmail,
    SamePhone,
    SameName,
    SimilarName,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LikelyPair {
    pub first: DuplicateCandidate,
    pub second: DuplicateCandidate,
    pub reasons: Vec<Reason>,
}

/// The pairs found, strongest first, at most [`MAX_PAIRS`] of them; `total` counts all.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LikelyPairs {
    pub pairs: Vec<LikelyPair>,
    pub total: u32,
}

/// A list longer than this is worked through from the top, not read to the end.
pub const MAX_PAIRS: usize = 500;

/// Close names: at most this many edits apart…
const NAME_EDITS: usize = 2;
/// …and only names at least this long, where two edits still leave most of the name.
const FUZZY_NAME_LEN: usize = 8;
/// Close names are compared within blocks sharing the business and this many letters at
/// the start or at the end of the name: two edits, one at each end, are missed.
const BLOCK_LETTERS: usize = 4;
/// A block larger than this is compared by equal names only: pairwise edit distances
/// there would cost more than they find.
const MAX_BLOCK: usize = 200;

type Found = BTreeMap<(usize, usize), BTreeSet<Reason>>;

/// Every likely pair among `candidates` that was not dismissed.
pub fn likely_pairs(
    candidates: &[DuplicateCandidate],
    dismissed: &HashSet<(String, String)>,
) -> LikelyPairs {
    let mut found = Found::new();
    link_groups(
        &mut found,
        group_by(candidates, email_key),
        Reason::SameEmail,
    );
    link_groups(
        &mut found,
        group_by(candidates, phone_key),
        Reason::SamePhone,
    );
    link_groups(&mut found, group_by(candidates, name_key), Reason::SameName);
    link_close_names(&mut found, candidates);
    let mut pairs: Vec<LikelyPair> = found
        .into_iter()
        .map(|((a, b), reasons)| LikelyPair {
            first: candidates[a].clone(),
            second: candidates[b].clone(),
            reasons: reasons.into_iter().collect(),
        })
        .filter(|pair| !is_dismissed(pair, dismissed))
        .collect();
    pairs.sort_by(|a, b| {
        (b.reasons.len(), &a.reasons, &a.first.name).cmp(&(
            a.reasons.len(),
            &b.reasons,
            &b.first.name,
        ))
    });
    let total = u32::try_from(pairs.len()).unwrap_or(u32::MAX);
    pairs.truncate(MAX_PAIRS);
    LikelyPairs { pairs, total }
}

fn is_dismissed(pair: &LikelyPair, dismissed: &HashSet<(String, String)>) -> bool {
    let (first, second) = ordered_pair(&pair.first.id, &pair.second.id);
    dismissed.contains(&(first.to_owned(), second.to_owned()))
}

/// The contacts (by index) that share a key; contacts without one are left out.
fn group_by(
    candidates: &[DuplicateCandidate],
    key: impl Fn(&DuplicateCandidate) -> Option<String>,
) -> HashMap<String, Vec<usize>> {
    group_by_index(candidates.len(), |index| key(&candidates[index]))
}

/// Pairs each member of a group with its first: a group of n is n − 1 merges, not n².
fn link_groups(found: &mut Found, groups: HashMap<String, Vec<usize>>, reason: Reason) {
    for members in groups.into_values() {
        let Some((&first, rest)) = members.split_first() else {
            continue;
        };
        for &other in rest {
            link(found, first, other, reason);
        }
    }
}

fn link(found: &mut Found, one: usize, other: usize, reason: Reason) {
    let key = (one.min(other), one.max(other));
    found.entry(key).or_default().insert(reason);
}

fn email_key(candidate: &DuplicateCandidate) -> Option<String> {
    let email = candidate.email.as_deref()?.trim().to_lowercase();
    (!email.is_empty()).then_some(email)
}

fn phone_key(candidate: &DuplicateCandidate) -> Option<String> {
    crate::phone::e164(candidate.phone.as_deref()?.trim())
}

/// The business and the normalised name: names only count within a business.
fn name_key(candidate: &DuplicateCandidate) -> Option<String> {
    let business = candidate.business_id.as_deref()?;
    Some(format!("{business}\n{}", normalised_name(candidate)?))
}

/// Lower case, letters and digits only, single spaces; `None` for a name that is really
/// an email or a phone (what the list shows when a contact has no name).
fn normalised_name(candidate: &DuplicateCandidate) -> Option<String> {
    let name = candidate.name.trim();
    let is_contact_detail = [&candidate.email, &candidate.phone]
        .into_iter()
        .flatten()
        .any(|detail| detail.trim() == name);
    if is_contact_detail || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    Some(words.join(" "))
}

/// Names a few edits apart within a business, compared within blocks that share the
/// business and the name's first or last letters.
fn link_close_names(found: &mut Found, candidates: &[DuplicateCandidate]) {
    let names: Vec<Option<Name>> = candidates
        .iter()
        .map(|candidate| {
            candidate.business_id.as_ref()?;
            let text = normalised_name(candidate)?;
            (text.chars().count() >= FUZZY_NAME_LEN).then(|| Name::new(text))
        })
        .collect();
    let block = |index: usize, end: fn(&str) -> String| {
        let name = names[index].as_ref()?;
        let business = candidates[index].business_id.as_deref()?;
        Some(format!("{business}\n{}", end(&name.text)))
    };
    for end in [name_start as fn(&str) -> String, name_end] {
        let blocks = group_by_index(names.len(), |index| block(index, end));
        for members in blocks.into_values().filter(|m| m.len() <= MAX_BLOCK) {
            link_close_within(found, &names, &members);
        }
    }
}

/// A normalised name and how often each letter occurs in it: two names whose counts
/// differ by more than twice the edits allowed cannot be that close (an edit changes at
/// most two counts), which rules out most pairs before the edit distance is computed.
struct Name {
    text: String,
    letters: [u8; 64],
}

impl Name {
    fn new(text: String) -> Self {
        let mut letters = [0u8; 64];
        for c in text.chars() {
            let slot = &mut letters[c as usize % letters.len()];
            *slot = slot.saturating_add(1);
        }
        Self { text, letters }
    }

    fn is_close_to(&self, other: &Name) -> bool {
        let differing: usize = self
            .letters
            .iter()
            .zip(&other.letters)
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum();
        self.text != other.text
            && differing <= 2 * NAME_EDITS
            && strsim::levenshtein(&self.text, &other.text) <= NAME_EDITS
    }
}

fn group_by_index(
    count: usize,
    key: impl Fn(usize) -> Option<String>,
) -> HashMap<String, Vec<usize>> {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for index in 0..count {
        if let Some(key) = key(index) {
            groups.entry(key).or_default().push(index);
        }
    }
    groups
}

fn link_close_within(found: &mut Found, names: &[Option<Name>], members: &[usize]) {
    for (position, &one) in members.iter().enumerate() {
        for &other in &members[position + 1..] {
            if let (Some(a), Some(b)) = (&names[one], &names[other]) {
                if a.is_close_to(b) {
                    link(found, one, other, Reason::SimilarName);
                }
            }
        }
    }
}

fn name_start(name: &str) -> String {
    name.chars().take(BLOCK_LETTERS).collect()
}

fn name_end(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    chars[chars.len().saturating_sub(BLOCK_LETTERS)..]
        .iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: &str, name: &str) -> DuplicateCandidate {
        DuplicateCandidate {
            id: id.into(),
            name: name.into(),
            ..DuplicateCandidate::default()
        }
    }

    fn with_email(mut c: DuplicateCandidate, email: &str) -> DuplicateCandidate {
        c.email = Some(email.into());
        c
    }

    fn with_phone(mut c: DuplicateCandidate, phone: &str) -> DuplicateCandidate {
        c.phone = Some(phone.into());
        c
    }

    fn in_business(mut c: DuplicateCandidate, business: &str) -> DuplicateCandidate {
        c.business_id = Some(business.into());
        c
    }

    /// The pairs as (first id, second id, reasons), in the order the list shows them.
    fn pairs_of(candidates: &[DuplicateCandidate]) -> Vec<(String, String, Vec<Reason>)> {
        likely_pairs(candidates, &HashSet::new())
            .pairs
            .into_iter()
            .map(|pair| (pair.first.id, pair.second.id, pair.reasons))
            .collect()
    }

    fn pair(a: &str, b: &str, reasons: &[Reason]) -> (String, String, Vec<Reason>) {
        (a.into(), b.into(), reasons.to_vec())
    }

    /// Each case: what it shows, the contacts, and the pairs found (in any order).
    #[test]
    fn pairs_are_found_by_email_phone_and_name_within_a_business() {
        let cases = [
            (
                "the same email, whatever its case and spaces; a blank one is no email",
                vec![
                    with_email(candidate("a", "Ada Lovelace"), "Ada@Example.com"),
                    with_email(candidate("b", "Augusta King"), " ada@example.com "),
                    with_email(candidate("c", "Charles Babbage"), "charles@example.com"),
                    with_email(candidate("d", "Nobody"), "  "),
                    with_email(candidate("e", "No One"), ""),
                ],
                vec![pair("a", "b", &[Reason::SameEmail])],
            ),
            (
                "the same phone once read as E.164; a number too short to be whole never matches",
                vec![
                    with_phone(candidate("a", "Ada Lovelace"), "+1 (415) 555-0134"),
                    with_phone(candidate("b", "Augusta King"), "415.555.0134"),
                    with_phone(candidate("c", "Charles Babbage"), "0044 20 7946 0958"),
                    with_phone(candidate("d", "Mary Somerville"), "+442079460958"),
                    with_phone(candidate("e", "Short One"), "555-0134"),
                    with_phone(candidate("f", "Short Two"), "555 0134"),
                ],
                vec![
                    pair("a", "b", &[Reason::SamePhone]),
                    pair("c", "d", &[Reason::SamePhone]),
                ],
            ),
            (
                "the same name within one business only",
                vec![
                    in_business(candidate("a", "Grace Hopper"), "navy"),
                    in_business(candidate("b", "grace  HOPPER."), "navy"),
                    in_business(candidate("c", "Grace Hopper"), "other"),
                    candidate("d", "Grace Hopper"),
                    candidate("e", "Grace Hopper"),
                ],
                vec![pair("a", "b", &[Reason::SameName])],
            ),
            (
                "close names: two edits at most, long names only, an edit at either end",
                vec![
                    in_business(candidate("a", "Jonathan Smith"), "acme"),
                    in_business(candidate("b", "Jonathon Smyth"), "acme"),
                    in_business(candidate("c", "Jonathan Smithers"), "acme"),
                    in_business(candidate("d", "Al Wu"), "acme"),
                    in_business(candidate("e", "Bo Wu"), "acme"),
                    in_business(candidate("f", "Xonathan Smith"), "acme"),
                ],
                vec![
                    pair("a", "b", &[Reason::SimilarName]),
                    pair("a", "f", &[Reason::SimilarName]),
                ],
            ),
            (
                "a name that is really the email or phone is no name",
                vec![
                    in_business(
                        with_email(candidate("a", "x@y.example"), "x@y.example"),
                        "b",
                    ),
                    in_business(
                        with_email(candidate("b", "x@y.example"), "X@y.example "),
                        "b",
                    ),
                    in_business(candidate("c", "+14155550134"), "b"),
                    in_business(candidate("d", "+14155550134"), "b"),
                ],
                vec![pair("a", "b", &[Reason::SameEmail])],
            ),
        ];
        for (case, candidates, expected) in cases {
            let mut found = pairs_of(&candidates);
            found.sort();
            assert_eq!(found, expected, "{case}");
        }
    }

    #[test]
    fn reasons_add_up_on_one_pair_and_stronger_pairs_come_first() {
        let candidates = [
            with_email(candidate("c", "Charles Babbage"), "c@x.example"),
            with_email(candidate("d", "Chuck"), "C@x.example"),
            in_business(
                with_phone(candidate("a", "Ada Lovelace"), "+14155550134"),
                "b",
            ),
            in_business(
                with_phone(candidate("b", "Ada Lovelace"), "(415) 555-0134"),
                "b",
            ),
        ];

        assert_eq!(
            pairs_of(&candidates),
            vec![
                pair("a", "b", &[Reason::SamePhone, Reason::SameName]),
                pair("c", "d", &[Reason::SameEmail]),
            ]
        );
    }

    #[test]
    fn a_large_group_pairs_each_member_with_its_first() {
        let candidates: Vec<_> = (0..5)
            .map(|n| {
                with_email(
                    candidate(&format!("c{n}"), &format!("Person {n}")),
                    "info@x.example",
                )
            })
            .collect();

        let found = likely_pairs(&candidates, &HashSet::new());

        assert_eq!(found.total, 4);
        assert!(found.pairs.iter().all(|pair| pair.first.id == "c0"));
    }

    #[test]
    fn dismissed_pairs_are_left_out_and_the_total_counts_beyond_the_cap() {
        let candidates: Vec<_> = (0..=MAX_PAIRS + 1)
            .map(|n| {
                with_email(
                    candidate(&format!("c{n:04}"), "Someone"),
                    "shared@x.example",
                )
            })
            .collect();
        let dismissed = HashSet::from([("c0000".to_owned(), "c0001".to_owned())]);

        let found = likely_pairs(&candidates, &dismissed);

        assert_eq!(found.total as usize, MAX_PAIRS);
        assert_eq!(found.pairs.len(), MAX_PAIRS);
        assert!(found.pairs.iter().all(|pair| pair.second.id != "c0001"));
    }
}
