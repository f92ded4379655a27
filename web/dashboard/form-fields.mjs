// Reading the dashboard's number fields: a field that does not hold what it must is an error
// naming it and what it holds.

/** The whole number in the input `id`, at least `least`; `what` names the field in the error. */
export function wholeNumber(id, what, least) {
  const text = document.getElementById(id).value.trim();
  const value = Number(text);
  if (text === '' || !Number.isSafeInteger(value) || value < least) {
    throw new Error(`${what} must be a whole number of at least ${least}, not "${text}"`);
  }
  return value;
}
