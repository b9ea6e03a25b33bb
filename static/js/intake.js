// The quick intake on a phone: the province suggested from the CNIC, and a draft kept in this
// browser while the connection is down, sent when it returns. The draft is deleted once the
// form has been sent (the next page clears it: see app.js) and on signing out.
(() => {
  const DRAFT = "coalition:intake-draft";
  const SENT = "coalition:intake-sent";
  const form = document.querySelector("form[data-intake-draft]");
  if (!form) return;
  const notice = document.getElementById("draft-notice");
  const say = (text) => { if (notice) { notice.textContent = text; notice.hidden = false; } };
  const skip = (el) => !el.name || el.type === "hidden" || el.type === "submit";

  // Province of origin from the CNIC's first digit (cases/validators.py checks it again).
  const provinces = JSON.parse(form.dataset.cnicProvinces || "{}");
  const cnic = form.querySelector("[data-suggests-province]");
  const province = form.elements.namedItem("origin_province");
  if (cnic && province) {
    cnic.addEventListener("input", () => {
      const first = cnic.value.replace(/\D/g, "").charAt(0);
      if (provinces[first] && !province.dataset.touched) province.value = provinces[first];
    });
    province.addEventListener("change", () => { province.dataset.touched = "1"; });
  }

  const save = () => {
    const data = {};
    for (const el of form.elements) {
      if (skip(el) && el.name !== "idempotency_key") continue;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      data[el.name] = el.value;
    }
    localStorage.setItem(DRAFT, JSON.stringify(data));
  };
  const restore = () => {
    const stored = localStorage.getItem(DRAFT);
    if (!stored || form.dataset.boundWithErrors) return false;
    const data = JSON.parse(stored);
    for (const el of form.elements) {
      if (!(el.name in data)) continue;
      if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === data[el.name];
      else if (el.type !== "submit") el.value = data[el.name];
    }
    return true;
  };

  if (restore()) say(form.dataset.restoredText);
  form.addEventListener("submit", (event) => {
    if (!navigator.onLine) {
      event.preventDefault();
      save();
      say(form.dataset.offlineText);
      return;
    }
    sessionStorage.setItem(SENT, "1");
  });
  window.addEventListener("offline", save);
  form.addEventListener("input", () => { if (!navigator.onLine) save(); });
  window.addEventListener("online", () => {
    if (localStorage.getItem(DRAFT)) {
      sessionStorage.setItem(SENT, "1");
      form.requestSubmit();
    }
  });
})();
