//! `qualitative_tier` — the evaluator picks a tier (等级); the score must fall in the tier's
//! band.
//!
//! Built-in scales (bands in percent of the weight `w`):
//! - `scale = "achievement"` (default, 财预〔2020〕10号): 达成 [80, 100], 部分达成 [60, 80),
//!   未达成 [0, 60);
//! - `scale = "grade"`: 优 [90, 100], 良 [80, 90), 中 [60, 80), 差 [0, 60);
//! - or your own: `tiers = [ { name = "好", range = "[90, 100]" }, … ]`.
//!
//! The evaluator's `score` (in `[[assessments]]`) is used when it lies in the band of the
//! chosen tier. A score outside the band raises a `tier_score_mismatch` notice and the tier's
//! default is used instead; without a score the default is used too. `default = "top"`
//! (the default) takes the band's top — for a band open at the top, the top minus 0.01 (one
//! unit of two-place rounding), e.g. 部分达成 at w = 10 → 7.99; `"middle"` takes the band's
//! midpoint, `"bottom"` its bottom (plus 0.01 when open).
//!
//! ```toml
//! rule = { type = "qualitative_tier" }
//! rule = { type = "qualitative_tier", scale = "grade", default = "middle" }
//! ```
//!
//! Example, w = 10: tier 达成 without a score → 10 分; tier 部分达成 with score 7 → 7 分;
//! tier 部分达成 with score 9 → notice, 7.99 分.

use jixiao_model::Assessment;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{clamp, sdiv, show, RuleNotice, RuleOutcome, Subject};
use crate::interval::Interval;
use crate::loader::Obj;

/// One tier: a name and its band in percent of the weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tier {
    pub name: String,
    pub range: Interval,
}

/// Which score a tier gets when the evaluator gave none (or one outside the band).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierDefault {
    Top,
    Middle,
    Bottom,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualitativeTier {
    pub tiers: Vec<Tier>,
    pub default: TierDefault,
}

fn tier(name: &str, lo: i64, hi: i64, hi_inclusive: bool) -> Tier {
    Tier {
        name: name.to_string(),
        range: Interval {
            lower: Some(Decimal::from(lo)),
            lower_inclusive: true,
            upper: Some(Decimal::from(hi)),
            upper_inclusive: hi_inclusive,
        },
    }
}

/// 达成 / 部分达成 / 未达成.
pub fn achievement_scale() -> Vec<Tier> {
    vec![
        tier("达成", 80, 100, true),
        tier("部分达成", 60, 80, false),
        tier("未达成", 0, 60, false),
    ]
}

/// 优 / 良 / 中 / 差.
pub fn grade_scale() -> Vec<Tier> {
    vec![
        tier("优", 90, 100, true),
        tier("良", 80, 90, false),
        tier("中", 60, 80, false),
        tier("差", 0, 60, false),
    ]
}

impl Default for QualitativeTier {
    fn default() -> Self {
        QualitativeTier {
            tiers: achievement_scale(),
            default: TierDefault::Top,
        }
    }
}

impl QualitativeTier {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        let default = p.choice(
            "default",
            &[
                ("top", TierDefault::Top),
                ("middle", TierDefault::Middle),
                ("bottom", TierDefault::Bottom),
            ],
            TierDefault::Top,
        )?;
        if p.has("tiers") {
            if p.has("scale") {
                p.error_at(
                    "scale",
                    "scale 与 tiers 只能二选一",
                    "`scale` and `tiers` are mutually exclusive",
                );
                return None;
            }
            let objs = p.objects("tiers")?;
            let mut tiers = Vec::new();
            for o in &objs {
                let name = o.string("name");
                let range = o.interval("range");
                o.finish();
                if let Some(r) = range {
                    let ok = r.lower.is_some_and(|l| l >= Decimal::ZERO)
                        && r.upper.is_some_and(|u| u <= Decimal::ONE_HUNDRED);
                    if !ok {
                        o.error_at(
                            "range",
                            "等级区间须在 [0, 100]（权重的百分比）之内",
                            "tier range must lie within [0, 100] (percent of the weight)",
                        );
                        return None;
                    }
                }
                tiers.push(Tier {
                    name: name?,
                    range: range?,
                });
            }
            if tiers.is_empty() {
                p.error_at("tiers", "tiers 不能为空", "tiers must not be empty");
                return None;
            }
            return Some(QualitativeTier { tiers, default });
        }
        let tiers = p.choice("scale", &[("achievement", 0u8), ("grade", 1u8)], 0u8)?;
        Some(QualitativeTier {
            tiers: if tiers == 0 {
                achievement_scale()
            } else {
                grade_scale()
            },
            default,
        })
    }

    /// The tier named `name` (trimmed), if any.
    pub fn find(&self, name: &str) -> Option<&Tier> {
        let n = name.trim();
        self.tiers.iter().find(|t| t.name == n)
    }

    /// The band of a tier in points at weight `w`.
    pub fn band(&self, t: &Tier, w: Decimal) -> Interval {
        t.range.scaled(sdiv(w, Decimal::ONE_HUNDRED))
    }

    /// The default score of a tier at weight `w`.
    pub fn default_score(&self, t: &Tier, w: Decimal) -> Decimal {
        let b = self.band(t, w);
        let unit = Decimal::new(1, 2);
        let lo = b.lower.unwrap_or(Decimal::ZERO);
        let hi = b.upper.unwrap_or(w);
        let s = match self.default {
            TierDefault::Top if b.upper_inclusive || b.upper.is_none() => hi,
            TierDefault::Top => (hi - unit).max(lo),
            TierDefault::Middle => lo + sdiv(hi - lo, Decimal::TWO),
            TierDefault::Bottom if b.lower_inclusive || b.lower.is_none() => lo,
            TierDefault::Bottom => (lo + unit).min(hi),
        };
        clamp(s, w)
    }

    /// Score a tier word and an optional evaluator score.
    pub fn score_tier(
        &self,
        w: Decimal,
        tier_name: &str,
        given: Option<Decimal>,
        why: &str,
        s: Subject<'_>,
    ) -> Result<RuleOutcome, String> {
        let t = self.find(tier_name).ok_or_else(|| {
            format!(
                "{}：等级「{}」不在 {} 之中",
                s.name,
                tier_name.trim(),
                self.tiers
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            )
        })?;
        let band = self.band(t, w);
        let mut notices = Vec::new();
        let score = match given {
            Some(g) if band.contains(g) => g,
            Some(g) => {
                let d = self.default_score(t, w);
                notices.push(RuleNotice {
                    code: "tier_score_mismatch",
                    message: format!(
                        "{}：评价人打分 {} 不在等级「{}」的分值区间 {} 内，已按该等级默认分 {} 计",
                        s.name,
                        show(g),
                        t.name,
                        band,
                        show(d)
                    ),
                });
                d
            }
            None => self.default_score(t, w),
        };
        let mut out = RuleOutcome::new(w, score, |lost| {
            let why = why.trim();
            format!(
                "评价等级「{}」，得 {} 分，扣 {} 分{}",
                t.name,
                show(clamp(score, w)),
                show(lost),
                if why.is_empty() {
                    String::new()
                } else {
                    format!("：{why}")
                }
            )
        });
        out.notices = notices;
        Ok(out)
    }

    pub fn score(&self, w: Decimal, a: &Assessment, s: Subject<'_>) -> Result<RuleOutcome, String> {
        let tier = a
            .tier
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| format!("{}：评价人未给出等级（tier）", s.name))?;
        self.score_tier(w, tier, a.score.map(|n| n.0), &a.reason, s)
    }

    pub fn describe(&self, w: Decimal) -> String {
        self.tiers
            .iter()
            .map(|t| format!("{} {} 分", t.name, self.band(t, w)))
            .collect::<Vec<_>>()
            .join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use jixiao_model::Num;
    use rust_decimal_macros::dec;

    fn a(tier: &str, score: Option<Decimal>) -> Assessment {
        Assessment {
            indicator: "D26".into(),
            tier: Some(tier.into()),
            score: score.map(Num),
            reason: "疫情防控成效显著".into(),
            ..Default::default()
        }
    }

    #[test]
    fn golden() {
        let r = QualitativeTier::default();
        let s = pct("社会效益");
        let w = dec!(10);
        assert_eq!(r.score(w, &a("达成", None), s).unwrap().score, dec!(10));
        assert_eq!(
            r.score(w, &a("达成", Some(dec!(8))), s).unwrap().score,
            dec!(8)
        );
        let o = r.score(w, &a("部分达成", Some(dec!(7))), s).unwrap();
        assert_eq!(o.score, dec!(7));
        assert_eq!(
            o.reason.as_deref(),
            Some("评价等级「部分达成」，得 7 分，扣 3 分：疫情防控成效显著")
        );
        assert!(o.notices.is_empty());
        // the band's open top: 8 is not 部分达成
        let o = r.score(w, &a("部分达成", Some(dec!(8))), s).unwrap();
        assert_eq!(o.score, dec!(7.99));
        assert_eq!(o.notices[0].code, "tier_score_mismatch");
        assert_eq!(
            r.score(w, &a("部分达成", None), s).unwrap().score,
            dec!(7.99)
        );
        assert_eq!(r.score(w, &a("未达成", None), s).unwrap().score, dec!(5.99));
        assert_eq!(
            r.score(w, &a("未达成", Some(dec!(0))), s).unwrap().score,
            dec!(0)
        );
        assert!(r.score(w, &a("优", None), s).is_err());
        let mut no_tier = a("", None);
        no_tier.tier = None;
        assert!(r.score(w, &no_tier, s).is_err());
    }

    #[test]
    fn grade_scale_and_defaults() {
        let r = QualitativeTier {
            tiers: grade_scale(),
            default: TierDefault::Middle,
        };
        let s = pct("经济效益");
        assert_eq!(
            r.score(dec!(10), &a("良", None), s).unwrap().score,
            dec!(8.5)
        );
        let b = QualitativeTier {
            tiers: grade_scale(),
            default: TierDefault::Bottom,
        };
        assert_eq!(b.score(dec!(10), &a("优", None), s).unwrap().score, dec!(9));
        assert_eq!(b.score(dec!(10), &a("差", None), s).unwrap().score, dec!(0));
    }
}
