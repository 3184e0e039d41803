//! `qualitative_tier` — the evaluator picks a tier (等级) and gives a score inside the
//! tier's band.
//!
//! Built-in scales (bands in percent of the weight `w`):
//! - `scale = "achievement"` (default, 财预〔2020〕10号): 达成 [80, 100], 部分达成 [60, 80),
//!   未达成 [0, 60). The official long forms 达成年度指标 / 部分达成年度指标并具有一定效果 /
//!   未达成年度指标且效果较差 and the common variants (达成预期指标, 部分达成预期指标…,
//!   基本达成, 未完成…) are accepted as the same tiers;
//! - `scale = "grade"`: 优 [90, 100], 良 [80, 90), 中 [60, 80), 差 [0, 60) (优秀, 良好, 中等
//!   accepted);
//! - or your own: `tiers = [ { name = "好", range = "[90, 100]", aliases = ["很好"] }, … ]`.
//!
//! A tier word also matches when it starts with a tier's name or alias and goes on (达成预期
//! 目标 → 达成); the longest match wins, so 部分达成… is never 达成.
//!
//! The evaluator's `score` (in `[[assessments]]`, or a project row's `score`) is used when it
//! lies in the band of the chosen tier, as production systems validate it
//! (`round(w × 0.8, 2) ≤ score ≤ w` for 达成). Without a score, `default` decides:
//! - `"required"` (the default): the leaf is not scorable, and the reason says which band
//!   the evaluator must score in — no points are awarded silently;
//! - `"top"`, `"middle"`, `"bottom"`: a stated default — the band's top (for a band open at
//!   the top, the top minus 0.01: 部分达成 at w = 10 → 7.99), midpoint or bottom (plus 0.01
//!   when open); the reason says the default was used.
//!
//! A score outside the band raises a `tier_score_mismatch` notice; it then scores like a
//! missing score (not scorable under `"required"`).
//!
//! ```toml
//! rule = { type = "qualitative_tier" }
//! rule = { type = "qualitative_tier", scale = "grade", default = "middle" }
//! ```
//!
//! Example, w = 10: tier 达成 with score 9 → 9 分; tier 部分达成年度指标并具有一定效果 with
//! score 7 → 7 分; tier 部分达成 without a score → not scorable ("评价人尚未打分…[6, 8)").

use jixiao_model::Assessment;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{clamp, sdiv, show, RuleNotice, RuleOutcome, Subject};
use crate::interval::Interval;
use crate::loader::Obj;

/// One tier: a name, the other words that mean it, and its band in percent of the weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tier {
    pub name: String,
    pub range: Interval,
    /// Other words for the same tier (the official long forms, common variants).
    pub aliases: Vec<String>,
}

/// Which score a tier gets when the evaluator gave none (or one outside the band).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierDefault {
    /// No default: the evaluator must give a score (the leaf is not scorable without one).
    Required,
    Top,
    Middle,
    Bottom,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualitativeTier {
    pub tiers: Vec<Tier>,
    pub default: TierDefault,
}

fn tier(name: &str, lo: i64, hi: i64, hi_inclusive: bool, aliases: &[&str]) -> Tier {
    Tier {
        name: name.to_string(),
        range: Interval {
            lower: Some(Decimal::from(lo)),
            lower_inclusive: true,
            upper: Some(Decimal::from(hi)),
            upper_inclusive: hi_inclusive,
        },
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    }
}

/// 达成 / 部分达成 / 未达成, with the official long forms of the 10号 自评表 and the variants
/// seen on published forms.
pub fn achievement_scale() -> Vec<Tier> {
    vec![
        tier(
            "达成",
            80,
            100,
            true,
            &[
                "达成年度指标",
                "达成预期指标",
                "达成预期目标",
                "全部达成",
                "已达成",
                "完全达成",
            ],
        ),
        tier(
            "部分达成",
            60,
            80,
            false,
            &[
                "部分达成年度指标并具有一定效果",
                "部分达成预期指标并具有一定效果",
                "部分达成年度指标",
                "部分达成预期指标",
                "基本达成",
                "部分完成",
            ],
        ),
        tier(
            "未达成",
            0,
            60,
            false,
            &[
                "未达成年度指标且效果较差",
                "未达成预期指标且效果较差",
                "未达成年度指标",
                "未达成预期指标",
                "未完成",
                "未达到",
            ],
        ),
    ]
}

/// 优 / 良 / 中 / 差.
pub fn grade_scale() -> Vec<Tier> {
    vec![
        tier("优", 90, 100, true, &["优秀"]),
        tier("良", 80, 90, false, &["良好"]),
        tier("中", 60, 80, false, &["中等", "一般"]),
        tier("差", 0, 60, false, &["较差"]),
    ]
}

/// A tier word as compared: without spaces and the punctuation people put between its parts.
fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '，' | ',' | '、' | '。' | '；' | ';'))
        .collect()
}

impl Default for QualitativeTier {
    fn default() -> Self {
        QualitativeTier {
            tiers: achievement_scale(),
            default: TierDefault::Required,
        }
    }
}

impl QualitativeTier {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        let default = p.choice(
            "default",
            &[
                ("required", TierDefault::Required),
                ("top", TierDefault::Top),
                ("middle", TierDefault::Middle),
                ("bottom", TierDefault::Bottom),
            ],
            TierDefault::Required,
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
                let aliases = if o.has("aliases") {
                    o.strings("aliases")
                } else {
                    Some(Vec::new())
                };
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
                    aliases: aliases?,
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

    /// The tier a word names: its name or an alias (spaces and separating punctuation
    /// ignored), else the tier whose name or alias is the longest prefix of the word.
    pub fn find(&self, word: &str) -> Option<&Tier> {
        let w = fold(word);
        if w.is_empty() {
            return None;
        }
        let words = |t: &'_ Tier| {
            std::iter::once(fold(&t.name))
                .chain(t.aliases.iter().map(|a| fold(a)))
                .collect::<Vec<_>>()
        };
        if let Some(t) = self.tiers.iter().find(|t| words(t).contains(&w)) {
            return Some(t);
        }
        self.tiers
            .iter()
            .filter_map(|t| {
                words(t)
                    .into_iter()
                    .filter(|n| !n.is_empty() && w.starts_with(n.as_str()))
                    .map(|n| n.chars().count())
                    .max()
                    .map(|len| (len, t))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, t)| t)
    }

    /// The band of a tier in points at weight `w`.
    pub fn band(&self, t: &Tier, w: Decimal) -> Interval {
        t.range.scaled(sdiv(w, Decimal::ONE_HUNDRED))
    }

    /// The default score of a tier at weight `w`; `None` under `default = "required"`.
    pub fn default_score(&self, t: &Tier, w: Decimal) -> Option<Decimal> {
        let b = self.band(t, w);
        let unit = Decimal::new(1, 2);
        let lo = b.lower.unwrap_or(Decimal::ZERO);
        let hi = b.upper.unwrap_or(w);
        let s = match self.default {
            TierDefault::Required => return None,
            TierDefault::Top if b.upper_inclusive || b.upper.is_none() => hi,
            TierDefault::Top => (hi - unit).max(lo),
            TierDefault::Middle => lo + sdiv(hi - lo, Decimal::TWO),
            TierDefault::Bottom if b.lower_inclusive || b.lower.is_none() => lo,
            TierDefault::Bottom => (lo + unit).min(hi),
        };
        Some(clamp(s, w))
    }

    fn default_label(&self) -> &'static str {
        match self.default {
            TierDefault::Required => "",
            TierDefault::Top => "区间上限",
            TierDefault::Middle => "区间中点",
            TierDefault::Bottom => "区间下限",
        }
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
        let mut defaulted = false;
        let score = match given {
            Some(g) if band.contains(g) => g,
            other => {
                if let Some(g) = other {
                    notices.push(RuleNotice {
                        code: "tier_score_mismatch",
                        message: format!(
                            "{}：评价人打分 {} 不在等级「{}」的分值区间 {} 内{}",
                            s.name,
                            show(g),
                            t.name,
                            band,
                            match self.default_score(t, w) {
                                Some(d) => format!("，已按该等级默认分 {} 计", show(d)),
                                None => "，须在区间内重新打分".to_string(),
                            }
                        ),
                    });
                }
                match self.default_score(t, w) {
                    Some(d) => {
                        defaulted = true;
                        d
                    }
                    None => {
                        return Err(match other {
                            Some(g) => format!(
                                "评价人打分 {} 不在等级「{}」的分值区间 {} 分内：{}须在该区间内打分（score）",
                                show(g),
                                t.name,
                                band,
                                s.name
                            ),
                            None => format!(
                                "评价人尚未打分：{}评为「{}」，须在该等级的分值区间 {} 分内给出得分（score）",
                                s.name, t.name, band
                            ),
                        })
                    }
                }
            }
        };
        let default_note = if defaulted {
            format!(
                "（未给出得分，按框架规定取该等级{} {} 分）",
                self.default_label(),
                show(score)
            )
        } else {
            String::new()
        };
        let mut out = RuleOutcome::new(w, score, |lost| {
            let why = why.trim();
            format!(
                "评价等级「{}」，得 {} 分，扣 {} 分{}{}",
                t.name,
                show(clamp(score, w)),
                show(lost),
                default_note,
                if why.is_empty() {
                    String::new()
                } else {
                    format!("：{why}")
                }
            )
        });
        if out.reason.is_none() && defaulted {
            out.reason = Some(format!("评价等级「{}」{default_note}", t.name));
        }
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

    fn with_default(default: TierDefault) -> QualitativeTier {
        QualitativeTier {
            tiers: achievement_scale(),
            default,
        }
    }

    #[test]
    fn score_required_by_default() {
        let r = QualitativeTier::default();
        let s = pct("社会效益");
        let w = dec!(10);
        let e = r.score(w, &a("部分达成", None), s).unwrap_err();
        assert_eq!(
            e,
            "评价人尚未打分：社会效益评为「部分达成」，须在该等级的分值区间 [6, 8) 分内给出得分（score）"
        );
        assert!(r.score(w, &a("达成", None), s).is_err());
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
        // the band's open top: 8 is not 部分达成, and no default may replace it
        assert!(r.score(w, &a("部分达成", Some(dec!(8))), s).is_err());
        assert_eq!(
            r.score(w, &a("未达成", Some(dec!(0))), s).unwrap().score,
            dec!(0)
        );
        assert!(r.score(w, &a("优", None), s).is_err());
        let mut no_tier = a("", None);
        no_tier.tier = None;
        assert!(r.score(w, &no_tier, s).is_err());
    }

    /// The production check (S9 `selfqualscorecheck`): round(w·0.8, 2) ≤ score ≤ w for
    /// 达成年度指标, round(w·0.6, 2) ≤ score < round(w·0.8, 2) for 部分达成…, below for 未达成….
    #[test]
    fn official_long_forms_and_variants() {
        let r = QualitativeTier::default();
        let s = pct("经济效益");
        let w = dec!(6);
        let cases = [
            ("达成年度指标", dec!(4.8), true),
            ("达成年度指标", dec!(4.79), false),
            ("达成预期指标", dec!(6), true),
            ("部分达成年度指标并具有一定效果", dec!(3.6), true),
            ("部分达成年度指标并具有一定效果", dec!(4.8), false),
            ("部分达成预期指标并具有一定效果", dec!(4.79), true),
            ("未达成年度指标且效果较差", dec!(3.59), true),
            ("未达成年度指标且效果较差", dec!(3.6), false),
            ("未达成预期指标且效果较差", dec!(0), true),
            ("达成预期目标，效果显著", dec!(5), true),
            (" 基本 达成 ", dec!(4), true),
        ];
        for (word, score, ok) in cases {
            let res = r.score(w, &a(word, Some(score)), s);
            assert_eq!(res.is_ok(), ok, "{word} {score}: {res:?}");
            if ok {
                assert_eq!(res.unwrap().score, score);
            }
        }
        assert_eq!(
            r.find("部分达成预期指标").map(|t| t.name.as_str()),
            Some("部分达成")
        );
        assert_eq!(r.find("未达成").map(|t| t.name.as_str()), Some("未达成"));
        assert_eq!(r.find("达成率很高").map(|t| t.name.as_str()), Some("达成"));
        assert_eq!(r.find("显著"), None);
    }

    #[test]
    fn stated_defaults_say_so() {
        let s = pct("社会效益");
        let w = dec!(10);
        let r = with_default(TierDefault::Top);
        let o = r.score(w, &a("达成", None), s).unwrap();
        assert_eq!(o.score, dec!(10));
        assert_eq!(
            o.reason.as_deref(),
            Some("评价等级「达成」（未给出得分，按框架规定取该等级区间上限 10 分）")
        );
        let o = r.score(w, &a("部分达成", None), s).unwrap();
        assert_eq!(o.score, dec!(7.99));
        assert!(o
            .reason
            .unwrap()
            .contains("按框架规定取该等级区间上限 7.99 分"));
        let o = r.score(w, &a("部分达成", Some(dec!(8))), s).unwrap();
        assert_eq!(o.score, dec!(7.99));
        assert_eq!(o.notices[0].code, "tier_score_mismatch");
        assert_eq!(r.score(w, &a("未达成", None), s).unwrap().score, dec!(5.99));
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
        assert_eq!(
            r.score(dec!(10), &a("良好", None), s).unwrap().score,
            dec!(8.5)
        );
        let b = QualitativeTier {
            tiers: grade_scale(),
            default: TierDefault::Bottom,
        };
        assert_eq!(
            b.score(dec!(10), &a("优秀", None), s).unwrap().score,
            dec!(9)
        );
        assert_eq!(b.score(dec!(10), &a("差", None), s).unwrap().score, dec!(0));
    }
}
