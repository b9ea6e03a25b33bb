// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // An intake draft (static/js/intake.js) lives only until its form has been sent, and never
  // past signing out: survivor data does not stay in the browser.
  const DRAFT = "coalition:intake-draft";
  if (sessionStorage.getItem("coalition:intake-sent")) {
    sessionStorage.removeItem("coalition:intake-sent");
    localStorage.removeItem(DRAFT);
  }
  if (document.body.dataset.signedOut !== undefined) localStorage.removeItem(DRAFT);
  document.querySelectorAll("form[data-signs-out]").forEach((form) => {
    form.addEventListener("submit", () => localStorage.removeItem(DRAFT));
  });
  // A passkey just added (django-otp-webauthn's script): show it in the list of passkeys.
  document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
  // A form sent back with errors: the summary at the top takes the focus, so a phone shows it
  // and a screen reader reads it, instead of the first error screens further down.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  // Filters folded on a phone stand open on a wider screen.
  if (window.matchMedia("(min-width: 37.5rem)").matches) {
    document.querySelectorAll("details[data-open-when-wide]").forEach((el) => { el.open = true; });
  }
  // Ask before leaving a form with unsaved typing.
  document.querySelectorAll("form[data-warn-unsaved]").forEach((form) => {
    // data-unsaved: the page came back holding answers typed but not saved yet.
    let dirty = form.dataset.unsaved !== undefined;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });
  });
  // A browser cuts text pasted into a field at its maxlength, without a word: the person never
  // learns that the end of what they pasted is gone. Without the limit in the browser, the
  // app's own check says so beside the field, in the page's language, and keeps every
  // character sent.
  document.querySelectorAll("input[maxlength], textarea[maxlength]").forEach((el) => {
    el.removeAttribute("maxlength");
  });
  // Buttons that need a second thought carry data-confirm="question".
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
