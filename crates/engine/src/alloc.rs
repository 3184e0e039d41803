//! Splitting points exactly: largest-remainder allocation at two decimal places, so that the
//! parts always add up to the whole (no 33.33 + 33.33 + 33.33 = 99.99).

use rust_decimal::Decimal;

use crate::rules::{sadd, sdiv, smul};

/// Split `total` (at most two decimal places) in proportion to `shares` (non-negative).
/// The parts have two decimal places and add up to `total` exactly. All-zero shares give
/// all-zero parts.
pub fn allocate(total: Decimal, shares: &[Decimal]) -> Vec<Decimal> {
    let sum: Decimal = shares
        .iter()
        .fold(Decimal::ZERO, |a, s| sadd(a, (*s).max(Decimal::ZERO)));
    if shares.is_empty() || sum.is_zero() {
        return vec![Decimal::ZERO; shares.len()];
    }
    let unit = Decimal::new(1, 2);
    let exact: Vec<Decimal> = shares
        .iter()
        .map(|s| smul(total, sdiv((*s).max(Decimal::ZERO), sum)))
        .collect();
    let mut parts: Vec<Decimal> = exact.iter().map(|e| e.trunc_with_scale(2)).collect();
    let assigned: Decimal = parts.iter().copied().sum();
    let mut left = total - assigned;
    if left < Decimal::ZERO {
        // Only possible through saturation with absurd shares: give the rest to nobody.
        return parts;
    }
    // Order by remainder, largest first; ties keep the written order.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - parts[b])
            .cmp(&(exact[a] - parts[a]))
            .then(a.cmp(&b))
    });
    let mut i = 0;
    while left >= unit && !order.is_empty() {
        let k = order[i % order.len()];
        if shares[k] > Decimal::ZERO {
            parts[k] += unit;
            left -= unit;
        }
        i += 1;
        if i > 10 * order.len() + 100 {
            break;
        }
    }
    if !left.is_zero() {
        // Totals with more than two places: the rest goes to the largest share.
        if let Some(k) = (0..parts.len()).max_by(|&a, &b| shares[a].cmp(&shares[b]).then(b.cmp(&a)))
        {
            parts[k] += left;
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn parts_add_up() {
        let p = allocate(dec!(50), &[dec!(1), dec!(1), dec!(1)]);
        assert_eq!(p, vec![dec!(16.67), dec!(16.67), dec!(16.66)]);
        let p = allocate(dec!(10), &[dec!(3), dec!(0), dec!(4)]);
        assert_eq!(p.iter().copied().sum::<Decimal>(), dec!(10));
        assert_eq!(p[1], dec!(0));
        assert_eq!(
            allocate(dec!(10), &[dec!(0), dec!(0)]),
            vec![dec!(0), dec!(0)]
        );
        assert_eq!(
            allocate(dec!(5), &[dec!(2), dec!(3)]),
            vec![dec!(2), dec!(3)]
        );
    }
}
