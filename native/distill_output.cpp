#include "native/distill_output.h"

#include <iomanip>
#include <sstream>
#include <string>

namespace whyrec {
namespace {

std::string Fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

}  // namespace

void AddFitFields(nlohmann::ordered_json& report, size_t gzip_bytes, const FitTimes& times) {
  report["gzip_bytes"] = gzip_bytes;
  report["fit_seconds"] = times.fit_seconds;
  report["fit_cpu_seconds"] = times.fit_cpu_seconds;
  report["teacher_seconds"] = times.teacher_seconds;
}

void PrintFidelity(std::ostream& out, const DistillResult& r, size_t gzip_bytes,
                   const FitTimes& times) {
  out << "held-out fidelity: R^2 " << Fixed(r.holdout_r2, 4);
  if (r.holdout_ranking) {
    const RankingFidelity& f = *r.holdout_ranking;
    if (f.top_k_agreement) {
      out << ", top-" << f.k << " agreement " << Fixed(*f.top_k_agreement, 4) << " ("
          << f.lists_for_top_k << " lists)";
    }
    if (f.ndcg_at_10) {
      out << ", NDCG@10 " << Fixed(*f.ndcg_at_10, 4) << " (" << f.lists_for_ndcg << " lists)";
    }
  }
  out << "\nfitted rows: R^2 " << Fixed(r.train_r2, 4) << "\n";
  out << "size: " << r.model_json.size() << " bytes of JSON, " << gzip_bytes << " gzip\n";
  out << "fit: " << Fixed(times.fit_seconds, 3) << " s wall, " << Fixed(times.fit_cpu_seconds, 3)
      << " s processor (one thread); teacher " << Fixed(times.teacher_seconds, 3) << " s\n";
}

}  // namespace whyrec
