//! An article's difficulty from how many of its Chinese word tokens sit at each HSK
//! level (see `duet_core::Difficulty` for the figures' meaning).

use duet_core::Difficulty;

/// Levels counted: HSK 1–6 at indexes 0–5, beyond (7–9 or unlisted) at index 6.
pub const BANDS: usize = 7;

/// Share of tokens that the estimated level's words must cover, in per mille.
const COVERAGE_PER_MILLE: u64 = 900;

/// The band of a word with HSK level `hsk` (1–6, 7 for 7–9) or none.
pub fn band(hsk: Option<u8>) -> usize {
    match hsk {
        Some(level @ 1..=6) => usize::from(level) - 1,
        _ => BANDS - 1,
    }
}

/// The difficulty of tokens counted per band; `None` when there are none.
pub fn difficulty(counts: &[u32; BANDS]) -> Option<Difficulty> {
    let total: u64 = counts.iter().map(|count| u64::from(*count)).sum();
    if total == 0 {
        return None;
    }
    let mut covered = 0;
    let mut level = BANDS as u8;
    for (index, count) in counts[..BANDS - 1].iter().enumerate() {
        covered += u64::from(*count);
        if covered * 1000 >= total * COVERAGE_PER_MILLE {
            level = index as u8 + 1;
            break;
        }
    }
    Some(Difficulty {
        per_mille: per_mille(counts, total),
        level,
    })
}

/// Largest-remainder rounding: each band gets its share rounded down, then the
/// bands with the largest remainders (the lower band first on ties) get one more
/// until the shares sum to 1000.
fn per_mille(counts: &[u32; BANDS], total: u64) -> [u16; BANDS] {
    let mut shares = [0u16; BANDS];
    let mut remainders = [(0u64, 0usize); BANDS];
    for (index, count) in counts.iter().enumerate() {
        let scaled = u64::from(*count) * 1000;
        shares[index] = (scaled / total) as u16;
        remainders[index] = (scaled % total, index);
    }
    let missing = 1000 - shares.iter().sum::<u16>();
    remainders.sort_by(|left, right| right.0.cmp(&left.0).then(left.1.cmp(&right.1)));
    for (_, index) in remainders.iter().take(usize::from(missing)) {
        shares[*index] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_always_sum_to_a_thousand() {
        // 1/3 each: 333.3 three times, the lowest band takes the leftover one.
        let thirds = difficulty(&[1, 1, 1, 0, 0, 0, 0]).unwrap();
        assert_eq!(thirds.per_mille, [334, 333, 333, 0, 0, 0, 0]);
        assert_eq!(thirds.level, 3);
        let sevenths = difficulty(&[1; BANDS]).unwrap();
        assert_eq!(sevenths.per_mille.iter().sum::<u16>(), 1000);
        assert_eq!(sevenths.per_mille, [143, 143, 143, 143, 143, 143, 142]);
        assert_eq!(sevenths.level, 7, "only 6/7 = 86 % is within HSK 6");
    }

    #[test]
    fn level_is_the_lowest_covering_ninety_percent() {
        assert_eq!(difficulty(&[9, 0, 0, 0, 0, 0, 1]).unwrap().level, 1);
        assert_eq!(difficulty(&[8, 1, 0, 0, 0, 0, 1]).unwrap().level, 2);
        // 89.9 % at HSK 1: not enough, even though the rounded share reads 900.
        assert_eq!(
            difficulty(&[899, 1, 0, 0, 0, 0, 100]).unwrap().per_mille[0],
            899
        );
        assert_eq!(difficulty(&[8999, 0, 0, 0, 0, 0, 1001]).unwrap().level, 7);
        assert_eq!(difficulty(&[0; BANDS]), None);
    }

    #[test]
    fn unlisted_words_fall_in_the_last_band() {
        assert_eq!(band(Some(1)), 0);
        assert_eq!(band(Some(6)), 5);
        assert_eq!(band(None), 6);
        assert_eq!(band(Some(7)), 6);
    }
}
