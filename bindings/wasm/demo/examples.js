// Example months (made-up figures) for the demo's "load an example month" button.
export const EXAMPLES = {
  "ningbo/district": {
    grid_cells: 420, inspectors: 30, operators: 20, inspector_online_rate: "56.5%", late_arrivals: 2,
    reported_items: 5200, valid_cases: 3380, daily_valid_collections: 395, on_time_closure_rate: "86.2%",
    closure_rate: "93.4%", rework_rate: "1.6%", late_supervised_cases: 1, superior_satisfaction: "92%",
    partner_satisfaction: "85%", community_satisfaction: "88.5%",
  },
  "templates/district-composite": {
    cases: 36, baseline: 40, received: 120, handled: 114, handled_in_time: 102, due: 110, closed: 99,
    closed_in_time: 88, reworked: 6, complaints: 20, satisfied: 17, late_supervised: 2, proactive: "0.5;2",
  },
  "xuzhou/quanshan": {
    case_closure_score: "64.2", terminal_faults_community: 1, archive_few_missing: "0.3", base_ledger_rest_score: 3,
    innovation_ledger_score: "0.5", display_boards: 2, promo_disc_minutes: 8, cooperation_award: 2,
    information_adopted: 1, off_post: 2,
  },
  "templates/staff-performance": { deductions: "6.5", information_adopted: 2, information_praised: 1 },
};
