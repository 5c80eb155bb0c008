// Rapport's little JavaScript: everything works without it; it only saves a step or two.
document.addEventListener("submit", (event) => {
  const form = event.target;
  // Forms that change something for good ask first.
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
