//! An article's difficulty from how many of its Chinese word tokens sit at each HSK
//! level (see `duet_core::Difficulty` for the figures' meaning).

use duet_core::Difficulty;

/// Shares reported: HSK 1–6 at indexes 0–5, beyond (7–9 or unlisted) at index 6.
pub const BANDS: usize = 7;

/// Tokens counted: HSK 1–6 at indexes 0–5, the advanced band 7–9 at 6, and words in
/// no HSK list at 7. The last two make one share but count differently for the
/// level: 7–9 words as level 7, unlisted ones not at all.
pub const SLOTS: usize = 8;

/// Slot of the words in no HSK list.
const UNLISTED: usize = SLOTS - 1;

/// Share of the listed tokens that the estimated level's words must cover, in per
/// mille.
const COVERAGE_PER_MILLE: u64 = 900;

/// The slot of a word with HSK level `hsk` (1–6, 7 for 7–9) or none.
pub fn slot(hsk: Option<u8>) -> usize {
    match hsk {
        Some(level @ 1..=6) => usize::from(level) - 1,
        Some(_) => 6,
        None => UNLISTED,
    }
}

/// The difficulty of tokens counted per slot; `None` when there are none.
pub fn difficulty(counts: &[u32; SLOTS]) -> Option<Difficulty> {
    let total: u64 = counts.iter().map(|count| u64::from(*count)).sum();
    if total == 0 {
        return None;
    }
    // Unlisted words (names, jargon) say little of the level: only listed ones count.
    let listed = total - u64::from(counts[UNLISTED]);
    let mut covered = 0;
    let mut level = BANDS as u8;
    if listed > 0 {
        for (index, count) in counts[..6].iter().enumerate() {
            covered += u64::from(*count);
            if covered * 1000 >= listed * COVERAGE_PER_MILLE {
                level = index as u8 + 1;
                break;
            }
        }
    }
    let mut bands = [0u32; BANDS];
    bands[..6].copy_from_slice(&counts[..6]);
    bands[6] = counts[6] + counts[UNLISTED];
    Some(Difficulty {
        per_mille: per_mille(&bands, total),
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

    fn level(counts: [u32; SLOTS]) -> u8 {
        difficulty(&counts).unwrap().level
    }

    #[test]
    fn shares_always_sum_to_a_thousand() {
        // 1/3 each: 333.3 three times, the lowest band takes the leftover one.
        let thirds = difficulty(&[1, 1, 1, 0, 0, 0, 0, 0]).unwrap();
        assert_eq!(thirds.per_mille, [334, 333, 333, 0, 0, 0, 0]);
        assert_eq!(thirds.level, 3);
        // 1/8 each, 7–9 and unlisted sharing the last band: 125 × 6 and 250.
        let eighths = difficulty(&[1; SLOTS]).unwrap();
        assert_eq!(eighths.per_mille, [125, 125, 125, 125, 125, 125, 250]);
        assert_eq!(eighths.per_mille.iter().sum::<u16>(), 1000);
        // Listed: 7 tokens, HSK 1–6 cover 6/7 = 85.7 % < 90 %.
        assert_eq!(eighths.level, 7, "the 7–9 token counts as beyond HSK 6");
        let sevenths = difficulty(&[1, 1, 1, 1, 1, 1, 1, 0]).unwrap();
        assert_eq!(sevenths.per_mille, [143, 143, 143, 143, 143, 143, 142]);
    }

    #[test]
    fn level_is_the_lowest_covering_ninety_percent_of_listed_tokens() {
        assert_eq!(level([9, 0, 0, 0, 0, 0, 1, 0]), 1);
        assert_eq!(level([8, 1, 0, 0, 0, 0, 1, 0]), 2);
        // Exactly 90 % is enough: 9 of the 10 listed tokens at HSK 1–2, whatever
        // the unlisted ones.
        assert_eq!(level([5, 4, 0, 0, 0, 0, 1, 0]), 2);
        assert_eq!(level([5, 4, 0, 0, 0, 0, 1, 90]), 2);
        assert_eq!(
            level([5, 3, 1, 0, 0, 0, 1, 0]),
            3,
            "8/10 by HSK 2, 9/10 by 3"
        );
        // 89.9 % at HSK 1 (899 of 1000 listed) is not enough; HSK 1–2 make 90 %.
        assert_eq!(level([899, 1, 0, 0, 0, 0, 100, 0]), 2);
        assert_eq!(level([8999, 0, 0, 0, 0, 0, 1001, 0]), 7);
        assert_eq!(difficulty(&[0; SLOTS]), None);
    }

    #[test]
    fn unlisted_tokens_do_not_count_for_the_level_but_keep_their_share() {
        // 100 tokens: 60 at HSK 1, 10 at HSK 2, 5 at HSK 4, 25 in no list (names,
        // 智能体). Listed: 75; HSK 1 covers 60/75 = 80 %, HSK 1–2 70/75 = 93.3 %
        // ≥ 90 %: level 2. Over all tokens HSK 1–6 would cover only 75 %, level 7.
        let article = difficulty(&[60, 10, 0, 5, 0, 0, 0, 25]).unwrap();
        assert_eq!(article.level, 2);
        assert_eq!(article.per_mille, [600, 100, 0, 50, 0, 0, 250]);
        // The same with the 25 in the advanced band 7–9: they count, as level 7.
        let advanced = difficulty(&[60, 10, 0, 5, 0, 0, 25, 0]).unwrap();
        assert_eq!(advanced.level, 7);
        assert_eq!(advanced.per_mille, article.per_mille);
        // Nothing listed at all: beyond HSK 6.
        assert_eq!(level([0, 0, 0, 0, 0, 0, 0, 4]), 7);
    }

    #[test]
    fn slots_of_levels() {
        assert_eq!(slot(Some(1)), 0);
        assert_eq!(slot(Some(6)), 5);
        assert_eq!(slot(Some(7)), 6);
        assert_eq!(slot(None), 7);
    }
}
