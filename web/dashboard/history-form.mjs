// The History tab's method controls: which methods a history allows (exact Shapley only up to 16
// items, integrated gradients only with an embeddings model), the request the controls make, and
// about how many model calls it takes (for the progress bar); and the counterfactual's k.
import { wholeNumber } from './form-fields.mjs';

const $ = (id) => document.getElementById(id);
// 2^16 sub-histories is about as many as a page should ask of a model.
const exactLimit = 16;
// Methods that sample coalitions: they take a budget and a seed, and report standard errors.
const sampledMethods = new Set(['kernel', 'permutation']);
// The core's default number of integrated-gradients steps.
const gradientSteps = 20;

export const methodTitles = {
  kernel: 'Kernel SHAP',
  permutation: 'Permutation SHAP',
  exact: 'Exact Shapley',
  occlusion: 'Occlusion (leave one out)',
  integrated_gradients: 'Integrated gradients',
  attention: 'Attention rollout',
};

/**
 * Offers the methods a history of `length` items allows, with or without an embeddings model; a
 * chosen method that is no longer allowed gives way to Kernel SHAP.
 */
export function offerMethods(length, hasEmbeddings) {
  const unavailable = {
    exact: length > exactLimit ? `histories of up to ${exactLimit} items` : null,
    integrated_gradients: hasEmbeddings ? null : 'needs an embeddings model',
  };
  const select = $('history-method');
  for (const option of select.options) {
    const reason = unavailable[option.value] ?? null;
    option.disabled = reason !== null;
    option.textContent = methodTitles[option.value] + (reason ? ` (${reason})` : '');
  }
  if (select.selectedOptions[0]?.disabled) select.value = 'kernel';
  showMethodSettings();
}

export function showMethodSettings() {
  const sampled = sampledMethods.has($('history-method').value);
  $('history-budget').disabled = !sampled;
  $('history-seed').disabled = !sampled;
}

/** The request fields the controls choose; errors name the control that is wrong. */
export function chosenRequest() {
  const method = $('history-method').value;
  const settings = sampledMethods.has(method)
    ? {
        budget: wholeNumber('history-budget', 'The budget', 1),
        seed: wholeNumber('history-seed', 'The seed', 0),
      }
    : {};
  return {
    method,
    settings,
    absence: $('history-absence').value,
    output: $('history-output').value,
    faithfulness: $('history-faithfulness').checked,
  };
}

/**
 * About how many histories the model scores for `request` on a history of `n` items (the
 * README's table; faithfulness adds the deletion and insertion curves).
 */
export function expectedCalls({ method, settings, faithfulness }, n) {
  const calls = {
    kernel: settings.budget + 2,
    permutation: settings.budget + 2,
    exact: 2 ** n,
    occlusion: n + 2,
    integrated_gradients: 2 + 2 * n * gradientSteps,
    attention: 1,
  }[method];
  return calls + (faithfulness ? 2 * n + 2 : 0);
}

/**
 * The counterfactual's k (the top k the chosen recommendation must leave), checked against the
 * recommendation's place in the list: an item outside the top k has no place in it to lose.
 */
export function chosenCounterfactualK() {
  const k = wholeNumber('history-counterfactual-k', 'k', 1);
  // The recommendations are listed best first.
  const rank = $('history-target').selectedIndex + 1;
  if (rank > k) {
    throw new Error(
      `the chosen recommendation is number ${rank}, outside the top ${k}: choose a k of at ` +
        `least ${rank}, or a recommendation in the top ${k}`,
    );
  }
  return k;
}

export function isSampled(method) {
  return sampledMethods.has(method);
}
