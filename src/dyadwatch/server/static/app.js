/* dyadwatch dashboard: small enhancements only; every page works without this file.
   Text from the server is inserted with textContent or as attribute values, never as HTML. */
"use strict";

function debounce(fn, ms) {
  let timer = null;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), ms);
  };
}

function setupActorSearch() {
  const input = document.getElementById("actor-search");
  const list = document.getElementById("actor-hits");
  if (!input || !list) return;
  const lookup = debounce(async () => {
    const q = input.value.trim();
    if (q.length < 2) return;
    try {
      const res = await fetch("/api/actors?limit=10&q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}});
      if (!res.ok) return;
      const data = await res.json();
      list.replaceChildren();
      for (const hit of data.items) {
        const opt = document.createElement("option");
        opt.value = hit.code;
        opt.textContent = hit.name ? hit.code + " — " + hit.name : hit.code;
        list.appendChild(opt);
      }
    } catch (err) {
      /* offline or server gone: the plain form still works */
    }
  }, 200);
  input.addEventListener("input", lookup);
}

function setupNetwork() {
  const svg = document.getElementById("network");
  if (!svg) return;
  const edges = Array.from(svg.querySelectorAll("a.edge-link"));
  const focus = (code) => {
    for (const a of edges) {
      const on = code === null || a.dataset.source === code || a.dataset.target === code;
      a.classList.toggle("dim", !on);
    }
  };
  for (const node of svg.querySelectorAll("a.node-link")) {
    node.addEventListener("mouseenter", () => focus(node.dataset.code));
    node.addEventListener("mouseleave", () => focus(null));
    node.addEventListener("focus", () => focus(node.dataset.code));
    node.addEventListener("blur", () => focus(null));
  }
}

function flashTarget() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (!id) return;
  for (const old of document.querySelectorAll("mark.flash")) old.classList.remove("flash");
  let el = document.getElementById(id);
  while (el && el.tagName !== "MARK") el = el.nextElementSibling;
  if (el) {
    el.classList.add("flash");
    el.scrollIntoView({block: "center"});
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupActorSearch();
  setupNetwork();
  flashTarget();
  window.addEventListener("hashchange", flashTarget);
});
