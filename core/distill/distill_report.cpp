#include "core/distill/distill_report.h"

namespace whyrec {

nlohmann::ordered_json DistillReportJson(const DistillRun& run, const DistillResult& r) {
  using Json = nlohmann::ordered_json;
  Json report;
  report["teacher"] = run.teacher;
  report["family"] = run.family;
  report["seed"] = run.seed;
  report["train_rows"] = r.train_rows;
  report["synthetic_rows"] = r.synthetic_rows;
  report["holdout_rows"] = r.holdout_rows;
  if (!run.group.empty()) report["group"] = run.group;
  report["holdout_r2"] = r.holdout_r2;
  report["train_r2"] = r.train_r2;
  if (r.holdout_ranking) {
    const RankingFidelity& f = *r.holdout_ranking;
    report["k"] = f.k;
    report["top_k_agreement"] = f.top_k_agreement ? Json(*f.top_k_agreement) : Json();
    report["lists_for_top_k"] = f.lists_for_top_k;
    report["ndcg_at_10"] = f.ndcg_at_10 ? Json(*f.ndcg_at_10) : Json();
    report["lists_for_ndcg"] = f.lists_for_ndcg;
  }
  report["terms"] = r.terms;
  report["pairs"] = r.pairs;
  report["json_bytes"] = r.model_json.size();
  return report;
}

}  // namespace whyrec
