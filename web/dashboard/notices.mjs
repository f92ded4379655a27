// The Tabular tab's messages: progress in a status line, and errors in a box of their own that
// stays until it is dismissed or a later result replaces it, so that an error never sits over
// results that came after it.

const $ = (id) => document.getElementById(id);

export function notices() {
  const clearError = () => {
    $('error').hidden = true;
    $('error-text').textContent = '';
  };
  $('dismiss-error').addEventListener('click', clearError);
  return {
    setStatus(text) {
      $('status').textContent = text;
    },
    showError(error) {
      $('status').textContent = '';
      $('error-text').textContent = `Something went wrong: ${error.message}`;
      $('error').hidden = false;
    },
    clearError,
  };
}
