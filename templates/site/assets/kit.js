/* The kit page (customer-content): the partner's email system, chosen once and remembered; copy
   buttons; the preview's desktop / phone width. Loaded as a module by that page only.

   Tools that plug into the page import `kit` from this module (or read window.portalKit):
     kit.data              the page's JSON (#kit-data): email systems, and per email the URL of
                           each system's .html, .txt and .eml and of its preview
     kit.system()          the chosen email system's id
     kit.onSystem(fn)      fn(id) now and whenever the partner chooses another system
     kit.files(emailId)    {html, txt, eml} URLs of one email for the chosen system
     kit.copy(text)        put text on the clipboard (and announce it); resolves to the text
   The page fires "portal-kit:copied" on document with {detail: {text, url}} after each copy. */

const STORE_KEY = "portal.kit.system";
const dataElement = document.getElementById("kit-data");
const data = dataElement ? JSON.parse(dataElement.textContent) : { systems: [], emails: [] };
const listeners = [];

function radios() {
  return Array.from(document.querySelectorAll("input[name=kit-system]"));
}

function system() {
  const checked = radios().find((input) => input.checked);
  return checked ? checked.value : (data.systems[0] || {}).id;
}

function choose(id) {
  const input = radios().find((candidate) => candidate.value === id);
  if (!input) return;
  input.checked = true;
  listeners.forEach((fn) => fn(id));
}

function remember(id) {
  try {
    localStorage.setItem(STORE_KEY, id);
  } catch (error) {
    /* private mode or storage disabled: the choice lasts as long as the page */
  }
}

function remembered() {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch (error) {
    return null;
  }
}

function announce(message) {
  const status = document.querySelector("[data-kit-status]");
  if (!status) return;
  status.textContent = "";
  setTimeout(() => { status.textContent = message; }, 50);  // re-announced when repeated
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // Without the asynchronous clipboard (plain http, older browsers): a hidden text area.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    if (!done) throw error;
  }
  return text;
}

async function copyFile(button) {
  const url = button.dataset.kitCopy;
  const labels = data.labels || {};
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const text = await copy(await response.text());
    announce(`${labels.copied || "Copied"}: ${button.textContent.trim()}`);
    document.dispatchEvent(new CustomEvent("portal-kit:copied", { detail: { text, url } }));
  } catch (error) {
    announce(labels.copyFailed || "Could not copy; use the download instead.");
  }
}

/* The preview is as tall as the email (same origin, and the email runs no script), so the page
   scrolls, not the frame. */
function fitHeight(frame) {
  try {
    const body = frame.contentDocument && frame.contentDocument.documentElement;
    if (body) frame.style.height = `${body.scrollHeight}px`;
  } catch (error) {
    /* a preview from another origin keeps its fixed height */
  }
}

function setWidth(preview, width) {
  const frame = preview.querySelector("iframe");
  preview.dataset.kitWidth = width;
  preview.querySelectorAll("[data-kit-width]").forEach((button) => {
    const pressed = button.dataset.kitWidth === width;
    button.setAttribute("aria-pressed", String(pressed));
    button.classList.toggle("md-button--primary", pressed);  // Material's own contrast, both palettes
  });
  frame.style.width = `${width}px`;
  requestAnimationFrame(() => fitHeight(frame));
}

function setUpPreview(preview) {
  const frame = preview.querySelector("iframe");
  const narrow = window.matchMedia("(max-width: 640px)").matches;
  preview.querySelector(".kit-preview__switch").hidden = false;
  frame.addEventListener("load", () => fitHeight(frame));
  if (frame.contentDocument && frame.contentDocument.readyState === "complete") fitHeight(frame);
  preview.querySelectorAll("button[data-kit-width]").forEach((button) => {
    button.addEventListener("click", () => setWidth(preview, button.dataset.kitWidth));
  });
  setWidth(preview, narrow ? "375" : "600");
}

function setUp() {
  radios().forEach((input) => {
    input.addEventListener("change", () => {
      if (!input.checked) return;
      remember(input.value);
      listeners.forEach((fn) => fn(input.value));
    });
  });
  const saved = remembered();
  if (saved && saved !== system()) choose(saved);
  document.querySelectorAll("button[data-kit-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => copyFile(button));
  });
  document.querySelectorAll("[data-kit-preview]").forEach(setUpPreview);
}

export const kit = {
  data,
  system,
  onSystem(fn) {
    listeners.push(fn);
    fn(system());
  },
  files(emailId) {
    const email = data.emails.find((candidate) => candidate.id === emailId);
    return email ? email.files[system()] : undefined;
  },
  copy(text) {
    return copy(text).then((copied) => {
      announce((data.labels || {}).copied || "Copied");
      return copied;
    });
  },
};
window.portalKit = kit;

if (dataElement) setUp();
