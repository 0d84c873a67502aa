// Marks the page as able to run GOV.UK Frontend's components. Loaded as a file,
// not inline, so the Content-Security-Policy can forbid inline script.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
