// The reports pages: Chart.js charts from the data each page embeds with json_script (the CSP
// allows no inline script), and the progress of a report being built. Without this file every
// chart still has its table, and a report's page can be reloaded by hand.
(() => {
  const PALETTE = ["#0b5c8a", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6b6b6b"];
  const POLL_MS = 2000;
  const rtl = document.documentElement.dir === "rtl";
  const direction = rtl ? "rtl" : "ltr";

  function chartConfig(data) {
    const horizontal = data.kind === "bar";
    const valueAxis = horizontal ? "x" : "y";
    const categoryAxis = horizontal ? "y" : "x";
    return {
      type: data.kind === "line" ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map((series, i) => ({
          label: series.label,
          data: series.data,
          backgroundColor: PALETTE[i % PALETTE.length],
          borderColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang || "en",
        plugins: {
          legend: { display: data.series.length > 1, rtl, textDirection: direction },
          tooltip: { rtl, textDirection: direction },
        },
        scales: {
          // Right to left: the bars grow from the right, and time runs from right to left.
          [valueAxis]: { beginAtZero: true, reverse: rtl && horizontal, ticks: { precision: 0 } },
          [categoryAxis]: { reverse: rtl && !horizontal, position: rtl && horizontal ? "right" : undefined },
        },
      },
    };
  }

  function chartHeight(data) {
    if (data.kind !== "bar") return 280;
    return Math.max(160, data.labels.length * (14 + 10 * data.series.length) + 60);
  }

  function drawCharts() {
    if (typeof window.Chart === "undefined") return;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const source = document.getElementById(canvas.dataset.chart);
      if (!source) return;
      const data = JSON.parse(source.textContent);
      canvas.parentElement.style.height = `${chartHeight(data)}px`;
      new window.Chart(canvas, chartConfig(data));
    });
  }

  function followProgress() {
    const bar = document.querySelector("progress[data-progress-url]");
    if (!bar) return;
    const percent = document.querySelector("[data-progress-percent]");
    const label = document.querySelector("[data-progress-label]");
    const poll = async () => {
      try {
        const response = await fetch(bar.dataset.progressUrl, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (response.ok) {
          const state = await response.json();
          bar.value = state.progress;
          if (percent) percent.textContent = state.progress;
          if (label) label.textContent = state.label;
          if (state.finished) {
            window.location.reload();
            return;
          }
        }
      } catch (error) {
        // A dropped connection on a slow network: ask again at the next tick.
      }
      window.setTimeout(poll, POLL_MS);
    };
    window.setTimeout(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", () => {
    drawCharts();
    followProgress();
  });
})();
