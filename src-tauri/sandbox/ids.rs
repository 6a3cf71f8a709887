//! Identifiers shaped like HighLevel's, drawn from a seeded generator so that the same seed
//! always yields the same ids, tokens and locations.

use fastrand::Rng;

/// A record id: 20 alphanumeric characters, like `ve9EPM428h8vShlRW1KT`.
pub(crate) fn record_id(rng: &mut Rng) -> String {
    (0..20).map(|_| rng.alphanumeric()).collect()
}

/// Lowercase hex digits; businesses use 24 of them (a MongoDB ObjectId, as HighLevel sends).
pub(crate) fn hex(rng: &mut Rng, len: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..len)
        .map(|_| char::from(DIGITS[rng.usize(..16)]))
        .collect()
}

/// A credential that cannot be mistaken for a real HighLevel token (`pit-…` or a JWT).
pub(crate) fn sandbox_secret(rng: &mut Rng, kind: &str) -> String {
    format!("sandbox-{kind}-{}", hex(rng, 32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_highlevel_shapes_and_repeat_per_seed() {
        let id = record_id(&mut Rng::with_seed(1));
        assert_eq!(id.len(), 20);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(id, record_id(&mut Rng::with_seed(1)));
        assert_ne!(id, record_id(&mut Rng::with_seed(2)));

        let object_id = hex(&mut Rng::with_seed(1), 24);
        assert!(object_id
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(object_id.len(), 24);
        assert!(sandbox_secret(&mut Rng::with_seed(1), "token").starts_with("sandbox-token-"));
    }
}
