//! Nothing panics on any input: huge, tiny, negative and zero figures everywhere.

use jixiao_indicators::{compute_all, project_execution_rate, Params, SangongBasis};
use jixiao_model::{DepartmentYear, Money, Percent, ProgressPoint, Project, Survey};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::new(1, 28)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale)),
        (-1_000_000i64..1_000_000, 0u32..=4).prop_map(|(n, s)| Decimal::new(n, s)),
    ]
}

fn money() -> impl Strategy<Value = Option<Money>> {
    proptest::option::of(decimal().prop_map(Money::wan))
}

fn percent() -> impl Strategy<Value = Option<Percent>> {
    proptest::option::of(decimal().prop_map(Percent))
}

fn count() -> impl Strategy<Value = Option<u32>> {
    proptest::option::of(prop_oneof![Just(0u32), Just(u32::MAX), any::<u32>()])
}

prop_compose! {
    fn department()(
        money in proptest::collection::vec(money(), 30),
        pct in proptest::collection::vec(percent(), 4),
        counts in proptest::collection::vec(count(), 14),
        flag in proptest::option::of(any::<bool>()),
    ) -> DepartmentYear {
        let mut d = DepartmentYear::default();
        let b = &mut d.budget;
        (b.initial.total, b.adjusted.total, b.final_accounts.total) = (money[0], money[1], money[2]);
        (b.initial.public_funds, b.adjusted.public_funds, b.final_accounts.public_funds) = (money[3], money[4], money[5]);
        (b.initial.project, b.adjusted.project, b.key_project_spending) = (money[6], money[7], money[8]);
        b.excluded_adjustment = money[9];
        let s = &mut d.sangong;
        (s.initial_budget.total, s.adjusted_budget.total, s.actual.total) = (money[10], money[11], money[12]);
        (s.actual.vehicle_purchase, s.actual.vehicle_operation) = (money[13], money[14]);
        s.actual_change_vs_prior.total = money[15];
        (d.prior_year.sangong_budget.total, d.prior_year.sangong_actual.total) = (money[16], money[17]);
        d.prior_year.sangong_actual.vehicle = money[18];
        (d.carryover.opening, d.carryover.closing, d.prior_year.carryover_closing) = (money[19], money[20], money[21]);
        (d.procurement.plan.total, d.procurement.actual.total) = (money[22], money[23]);
        (d.assets.fixed_original_value, d.assets.fixed_in_use_value) = (money[24], money[25]);
        d.progress = vec![
            ProgressPoint { period: "Q1".into(), spent_pct: pct[0], spent: money[26], time_pct: pct[1] },
            ProgressPoint { period: "M07".into(), spent_pct: pct[2], spent: money[27], time_pct: pct[3] },
            ProgressPoint { period: "bogus".into(), ..ProgressPoint::default() },
        ];
        (d.staffing.actual, d.staffing.authorized) = (counts[0], counts[1]);
        let pj = &mut d.projects;
        (pj.planned_count, pj.completed_count, pj.on_time_count, pj.quality_count) = (counts[2], counts[3], counts[4], counts[5]);
        (d.key_tasks.assigned_count, d.key_tasks.completed_count) = (counts[6], counts[7]);
        let pt = &mut d.petitions;
        (pt.received, pt.answered_on_time, pt.all_answered_on_time) = (counts[8], counts[9], flag);
        d.satisfaction = vec![
            Survey { satisfied: counts[10], respondents: counts[11], rate: pct[0], ..Survey::default() },
            Survey { satisfied: counts[12], respondents: counts[13], rate: pct[2], ..Survey::default() },
        ];
        // Stated figures at every precision, for every computed indicator.
        d.stated = ["D06", "D07", "D12", "D13", "D28", "Q1", "M07", "D08", "L03"]
            .iter()
            .zip([
                "0", "92.7", "1.0000000000000000000000000001", "-5", "79228162514264337593543950335",
                "0.5", "100.000", "7922816251426433759354395033.5", "99.87",
            ])
            .map(|(id, v)| super::stated(id, v))
            .collect();
        d.projects.items = vec![Project { spent: money[28], budget_annual: money[29], ..Project::default() }];
        d
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_department_year_computes_without_panic(d in department(), actual in any::<bool>()) {
        let params = Params {
            sangong_change_basis: if actual { SangongBasis::Actual } else { SangongBasis::Budget },
            ..Params::default()
        };
        for v in compute_all(&d, &params) {
            super::assert_invariants(&v);
        }
        let v = project_execution_rate(&d.projects.items[0], 0);
        super::assert_invariants(&v);
    }
}

#[test]
fn overflow_is_not_scorable_with_a_note() {
    let v = super::check(
        "D12",
        |d| {
            d.sangong.actual.total = Some(Money::wan(Decimal::MAX));
            d.sangong.initial_budget.total = Some(Money::wan(Decimal::new(1, 2)));
        },
        "无法计算：数值超出可精确计算的范围，无法计算",
    );
    assert!(v.not_scorable_reason().is_some_and(|r| r.contains("超出")));
    super::check(
        "D07",
        |d| {
            d.budget.adjusted.total = Some(Money::wan(Decimal::MAX));
            d.budget.initial.total = Some(Money::wan(Decimal::MIN));
        },
        "无法计算：数值超出可精确计算的范围，无法计算",
    );
}
