// A dashboard tab's messages: errors in a box of their own that stays until it is dismissed or the
// result of work asked for after it replaces it, so that an error never sits over results that
// came after it, and a slow job asked for before the error (the demo's first explanation, say)
// does not wipe it away when it ends. The Tabular tab adds a status line for progress.

const $ = (id) => document.getElementById(id);

/**
 * The error box `${prefix}error` with its text `${prefix}error-text` and its button
 * `${prefix}dismiss-error`; `wording(error)` is the text shown.
 */
export function errorNotice(prefix, wording = (error) => error.message) {
  let clock = 0;
  let errorShownAt = 0;
  const hideError = () => {
    $(`${prefix}error`).hidden = true;
    $(`${prefix}error-text`).textContent = '';
  };
  $(`${prefix}dismiss-error`).addEventListener('click', hideError);
  return {
    /** Taken when work starts; its result clears only errors shown before this mark. */
    mark: () => ++clock,
    showError(error) {
      errorShownAt = ++clock;
      $(`${prefix}error-text`).textContent = wording(error);
      $(`${prefix}error`).hidden = false;
    },
    /** Clears the error if it was shown before `since`, the mark of the work that succeeded. */
    clearError(since) {
      if (errorShownAt < since) hideError();
    },
  };
}

/** The Tabular tab's: an error clears the status line. */
export function notices() {
  const errors = errorNotice('', (error) => `Something went wrong: ${error.message}`);
  const setStatus = (text) => ($('status').textContent = text);
  return {
    ...errors,
    setStatus,
    showError(error) {
      setStatus('');
      errors.showError(error);
    },
  };
}
