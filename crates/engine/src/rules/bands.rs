//! `bands` — fixed points by value band (分档计分), each band's edges explicit.
//!
//! The first band whose interval contains the value gives its points; a value in no band
//! gets `otherwise` (default 0). Intervals are written `"[a, b]"`, `"(a, b]"`, `"(a, )"`…:
//! a square bracket includes the edge, a round one excludes it, a blank bound is unbounded.
//! Bands must not overlap; points must lie in `[0, w]`.
//!
//! ```toml
//! # 预算调整率 (w = 3): 0 → 3; (0, 10%] → 2; (10%, 20%] → 1; (20%, 30%] → 0.5; else 0
//! rule = { type = "bands", otherwise = 0, bands = [
//!   { range = "(, 0]",    points = 3 },
//!   { range = "(0, 10]",  points = 2 },
//!   { range = "(10, 20]", points = 1 },
//!   { range = "(20, 30]", points = 0.5 },
//! ] }
//! ```
//!
//! Example: 预算调整率 73.24% → 0 分, reason "预算调整率 73.24%，不在任何计分档内，得 0 分（满分 3
//! 分）"; exactly 10% → 2 分, reason "预算调整率 10%，落在 (0, 10] 档，得 2 分（满分 3 分）".

use rust_decimal::Decimal;
use serde::Serialize;

use super::{show, show_v, RuleOutcome, Subject};
use crate::interval::{Interval, Join};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub range: Interval,
    #[serde(with = "crate::evaluation::dec")]
    pub points: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    pub bands: Vec<Band>,
    #[serde(with = "crate::evaluation::dec")]
    pub otherwise: Decimal,
}

impl Bands {
    pub(crate) fn from_params(p: &Obj<'_>, w: Decimal) -> Option<Self> {
        let otherwise = p.opt_non_negative("otherwise").unwrap_or(Decimal::ZERO);
        if otherwise > w {
            p.error_at(
                "otherwise",
                format!("otherwise 分值 {otherwise} 超过权重 {w}"),
                format!("otherwise points {otherwise} exceed the weight {w}"),
            );
        }
        let objs = p.objects("bands")?;
        if objs.is_empty() {
            p.error_at("bands", "bands 不能为空", "bands must not be empty");
            return None;
        }
        let mut bands = Vec::new();
        let mut ok = true;
        for o in &objs {
            let range = o.interval("range");
            let points = o.non_negative("points");
            o.finish();
            if let Some(pts) = points {
                if pts > w {
                    o.error_at(
                        "points",
                        format!("分档分值 {pts} 超过权重 {w}"),
                        format!("band points {pts} exceed the weight {w}"),
                    );
                    ok = false;
                }
            }
            match (range, points) {
                (Some(range), Some(points)) => bands.push((Band { range, points }, o)),
                _ => ok = false,
            }
        }
        // Overlaps: compare every pair after sorting by lower edge.
        let mut order: Vec<usize> = (0..bands.len()).collect();
        order.sort_by(|&a, &b| {
            bands[a]
                .0
                .range
                .sort_key()
                .cmp(&bands[b].0.range.sort_key())
        });
        for pair in order.windows(2) {
            let (a, b) = (&bands[pair[0]], &bands[pair[1]]);
            if a.0.range.join(&b.0.range) == Join::Overlap {
                b.1.error_at(
                    "range",
                    format!("分档 {} 与 {} 重叠", b.0.range, a.0.range),
                    format!("band {} overlaps {}", b.0.range, a.0.range),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        Some(Bands {
            bands: bands.into_iter().map(|(b, _)| b).collect(),
            otherwise,
        })
    }

    pub fn score(&self, w: Decimal, v: Decimal, s: Subject<'_>) -> RuleOutcome {
        match self.bands.iter().find(|b| b.range.contains(v)) {
            Some(b) => RuleOutcome::new(w, b.points, |_| {
                format!(
                    "{} {}，落在 {} 档，得 {} 分（满分 {} 分）",
                    s.name,
                    show_v(v, s.unit),
                    b.range,
                    show(b.points.min(w)),
                    show(w)
                )
            }),
            None => RuleOutcome::new(w, self.otherwise, |_| {
                format!(
                    "{} {}，不在任何计分档内，得 {} 分（满分 {} 分）",
                    s.name,
                    show_v(v, s.unit),
                    show(self.otherwise.min(w)),
                    show(w)
                )
            }),
        }
    }

    pub fn describe(&self, _w: Decimal) -> String {
        let mut parts: Vec<String> = self
            .bands
            .iter()
            .map(|b| format!("{} 计 {} 分", b.range.describe(), show(b.points)))
            .collect();
        parts.push(format!("其他 {} 分", show(self.otherwise)));
        parts.join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    fn adjust() -> Bands {
        let b = |r: &str, p: Decimal| Band {
            range: Interval::parse(r).unwrap(),
            points: p,
        };
        Bands {
            bands: vec![
                b("(, 0]", dec!(3)),
                b("(0, 10]", dec!(2)),
                b("(10, 20]", dec!(1)),
                b("(20, 30]", dec!(0.5)),
            ],
            otherwise: dec!(0),
        }
    }

    #[test]
    fn golden_with_edges() {
        let s = pct("预算调整率");
        let r = adjust();
        let w = dec!(3);
        assert_eq!(r.score(w, dec!(0), s).score, dec!(3));
        assert_eq!(r.score(w, dec!(-5), s).score, dec!(3));
        assert_eq!(r.score(w, dec!(0.01), s).score, dec!(2));
        let o = r.score(w, dec!(10), s);
        assert_eq!(o.score, dec!(2));
        assert_eq!(
            o.reason.as_deref(),
            Some("预算调整率 10%，落在 (0, 10] 档，得 2 分（满分 3 分）")
        );
        assert_eq!(r.score(w, dec!(10.01), s).score, dec!(1));
        assert_eq!(r.score(w, dec!(30), s).score, dec!(0.5));
        let o = r.score(w, dec!(73.24), s);
        assert_eq!(o.score, dec!(0));
        assert_eq!(
            o.reason.as_deref(),
            Some("预算调整率 73.24%，不在任何计分档内，得 0 分（满分 3 分）")
        );
        // points above a (redistributed-down) weight clamp
        assert_eq!(r.score(dec!(1), dec!(0), s).score, dec!(1));
    }

    #[test]
    fn inclusive_lower_edges() {
        let s = pct("满意度");
        let b = |r: &str, p: Decimal| Band {
            range: Interval::parse(r).unwrap(),
            points: p,
        };
        let r = Bands {
            bands: vec![b("[90, )", dec!(5)), b("[80, 90)", dec!(4))],
            otherwise: dec!(1),
        };
        assert_eq!(r.score(dec!(5), dec!(90), s).score, dec!(5));
        assert_eq!(r.score(dec!(5), dec!(89.99), s).score, dec!(4));
        assert_eq!(r.score(dec!(5), dec!(80), s).score, dec!(4));
        assert_eq!(r.score(dec!(5), dec!(79.99), s).score, dec!(1));
    }
}
