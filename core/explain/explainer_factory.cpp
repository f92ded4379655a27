#include "core/explain/explainer_factory.h"

#include <stdexcept>

#include "core/explain/settings.h"
#include "core/explain/shapley/exact_shapley.h"
#include "core/explain/shapley/kernel_shap.h"
#include "core/explain/shapley/pairwise_shapley.h"
#include "core/explain/shapley/permutation_shap.h"
// The widget's WebAssembly cores are built with WHYREC_WIDGET_CORE to leave LIME and Anchors out
// of its download.
#ifndef WHYREC_WIDGET_CORE
#include "core/explain/local/local_rule_settings.h"
#endif

namespace whyrec {

namespace {

// Settings that every Shapley sampler reads, under the same names everywhere.
struct SamplingSettings {
  int64_t budget;
  double tolerance;
  Link link;
  uint64_t seed;
  int64_t max_batch_rows;
};

SamplingSettings ReadSamplingSettings(const Settings& s) {
  return {s.Int("budget", 0, 1), s.Number("tolerance", 0.0, 0.0, 1e300),
          ParseLink(s.Choice("link", "identity", {"identity", "logit"})), s.Seed().value_or(0),
          s.Int("max_batch_rows", 65536, 1)};
}

}  // namespace

std::vector<std::string> ExplainerMethods() {
#ifdef WHYREC_WIDGET_CORE
  return {"exact", "kernel", "permutation", "auto", "additive"};
#else
  return {"exact", "kernel", "permutation", "auto", "additive", "lime", "anchors"};
#endif
}

std::unique_ptr<Explainer> MakeExplainer(const std::string& method,
                                         const nlohmann::ordered_json& settings,
                                         const Schema& schema, const Eigen::VectorXf& instance,
                                         const Background& background) {
  const Settings s(settings);
  const SamplingSettings sampling = ReadSamplingSettings(s);
  std::string chosen = method;
  if (method == "auto") {
    // Exact when enumerating every coalition costs no more than the sampling budget would.
    const int64_t budget =
        sampling.budget > 0 ? sampling.budget : KernelShap::DefaultBudget(schema.num_players());
    const bool small = schema.num_players() <= ExactShapley::kMaxPlayers &&
                       (int64_t{1} << schema.num_players()) <= budget;
    chosen = small ? "exact" : "kernel";
  }
  if (chosen == "exact") {
    ExactShapleyOptions options;
    options.max_batch_rows = sampling.max_batch_rows;
    options.link = sampling.link;
    return std::make_unique<ExactShapley>(schema, instance, background, options);
  }
  if (chosen == "kernel") {
    KernelShapOptions options;
    options.budget = sampling.budget;
    options.tolerance = sampling.tolerance;
    options.link = sampling.link;
    options.seed = sampling.seed;
    options.max_batch_rows = sampling.max_batch_rows;
    options.sampling =
        ParseKernelSampling(s.Choice("sampling", "leverage", {"leverage", "kernel"}));
    options.surrogate = ParseKernelSurrogate(
        s.Choice("surrogate", "trees", {"trees", "size_trees", "recency", "none"}));
    return std::make_unique<KernelShap>(schema, instance, background, options);
  }
  if (chosen == "permutation") {
    PermutationShapOptions options;
    options.budget = sampling.budget;
    options.tolerance = sampling.tolerance;
    options.link = sampling.link;
    options.seed = sampling.seed;
    options.max_batch_rows = sampling.max_batch_rows;
    return std::make_unique<PermutationShap>(schema, instance, background, options);
  }
  if (chosen == "additive") {
    // Exact for models with at most pairwise interactions (distilled GA2Ms); margin space only.
    if (sampling.link != Link::kIdentity) {
      throw std::invalid_argument(
          "--method additive explains the model's output as is (a distilled model's margin): "
          "drop --link logit");
    }
    PairwiseShapleyOptions options;
    options.max_batch_rows = sampling.max_batch_rows;
    return std::make_unique<PairwiseShapley>(schema, instance, background, options);
  }
#ifndef WHYREC_WIDGET_CORE
  if (chosen == "lime") return MakeLime(s, schema, instance, background);
  if (chosen == "anchors") return MakeAnchors(s, schema, instance, background);
#endif
  std::string known;
  for (const auto& name : ExplainerMethods()) known += (known.empty() ? "" : ", ") + name;
  throw std::invalid_argument("unknown method '" + method + "'; available: " + known);
}

}  // namespace whyrec
