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
  // The idle sign-out (SESSION_IDLE_MINUTES) counts requests, not typing: someone typing a
  // long case file for half an hour would be signed out and lose it. Typing tells the server
  // the person is there (at most once every refresh interval), and before the session can
  // end a warning offers to stay signed in. If it has ended, they are told to copy their text.
  const idle = Number(document.body.dataset.idleSeconds || 0);
  const keepUrl = document.body.dataset.keepSignedIn;
  const warning = document.getElementById("idle-warning");
  if (idle > 0 && keepUrl && warning && warning.showModal) {
    const refresh = Number(document.body.dataset.refreshSeconds || 0);
    const warnBefore = Math.min(120, idle / 4) * 1000;
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    // The server pushes the timeout back at most once a refresh interval: counted from this
    // page's request, the session may end that much early.
    let endsAt = Date.now() + (idle - refresh) * 1000;
    let lastKept = Date.now();
    let signedOut = false;
    const show = (state) => {
      warning.querySelectorAll("[data-idle]").forEach((part) => { part.hidden = part.dataset.idle !== state; });
      if (!warning.open) warning.showModal();
    };
    const keep = () => {
      lastKept = Date.now();
      return fetch(keepUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": token ? token.value : "" },
      }).then((response) => {
        if (response.status === 204) {
          endsAt = Date.now() + idle * 1000;
          return true;
        }
        // The session has ended (401), ended during the request (400), or this page's token
        // is refused (403, a sign-in since in another tab): gone. A server error says nothing
        // of the session; the next try may do better.
        if (response.type === "opaqueredirect" || [400, 401, 403].includes(response.status)) {
          signedOut = true;
          show("signed-out");
        }
        return false;
      }, () => false); // no connection: not signed out either
    };
    document.addEventListener("input", () => {
      if (!signedOut && Date.now() - lastKept >= refresh * 1000) keep();
    });
    warning.querySelector("[data-keep-signed-in]").addEventListener("click", () => {
      keep().then((kept) => { if (kept && !signedOut) warning.close(); });
    });
    warning.querySelector("[data-close-dialog]").addEventListener("click", () => warning.close());
    setInterval(() => {
      if (!signedOut && !warning.open && Date.now() >= endsAt - warnBefore) show("warning");
    }, 5000);
  }
  // Buttons that need a second thought carry data-confirm="question".
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
