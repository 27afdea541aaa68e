// The information panel: slides that change every 12 s, with a visible pause (RGAA 13.8).
// Slides that do not fit the panel are split, so nothing is ever cut at any screen size.
import { h } from "/static/common/dom.js";

const INTERVAL_MS = 12_000;

export class Carousel {
  constructor(region, pauseButton, position) {
    this.region = region;
    this.pauseButton = pauseButton;
    this.position = position;
    this.slides = [];
    this.index = 0;
    this.paused = false;
    this.timer = null;
    this.sections = null;
    this.measured = null;
    pauseButton.addEventListener("click", () => this.#togglePause());
    // The panel's size may change after the slides were cut (fonts loaded, a TV of another size,
    // a panel above that grew): cut them again for the new size.
    new ResizeObserver(() => {
      const size = `${this.region.clientWidth}x${this.region.clientHeight}`;
      if (this.sections && size !== this.measured) this.show(this.sections);
    }).observe(region);
  }

  // sections: [{ key, title, intro?, items: [Node], empty? }]; a long list becomes several slides.
  show(sections) {
    this.sections = sections;
    this.measured = `${this.region.clientWidth}x${this.region.clientHeight}`;
    const currentKey = this.slides[this.index]?.dataset.key;
    this.region.replaceChildren();
    // The controls' row keeps its place even with one slide (hidden, not removed), so the
    // region measured here is the region the slides are shown in.
    this.pauseButton.hidden = false;
    this.position.hidden = false;
    this.slides = sections.flatMap((section) => this.#paginate(section));
    const kept = this.slides.findIndex((slide) => slide.dataset.key === currentKey);
    this.index = Math.max(0, kept);
    this.#render();
    this.#schedule();
  }

  #paginate(section) {
    const pages = [];
    let slide = this.#slide(section, pages.length);
    const items = [...section.items];
    if (!items.length && section.empty) slide.append(section.empty);
    for (const item of items) {
      slide.list.append(item);
      if (slide.list.children.length > 1 && this.#overflows(slide)) {
        item.remove();
        pages.push(slide);
        slide = this.#slide(section, pages.length);
        slide.list.append(item);
      }
    }
    pages.push(slide);
    // Last resort, for one item taller than the whole panel (a very long sentence or place, or
    // a text under a picture): a smaller picture first, down to 15 % of the panel, else that
    // page goes without it (the text matters more), then a smaller type on that page only,
    // never below what reads from 3 metres.
    for (const page of pages) {
      const pictures = [...page.querySelectorAll("img[data-shrinkable]")];
      let share = 45;
      while (pictures.length && this.#overflows(page) && share > 15) {
        share = Math.max(15, share - 5);
        for (const picture of pictures) picture.style.maxHeight = `${share}cqh`;
      }
      if (this.#overflows(page)) pictures.forEach((picture) => picture.remove());
      let size = parseFloat(getComputedStyle(page).fontSize);
      const floor = innerHeight * 0.028;
      while (this.#overflows(page) && size > floor) {
        size = Math.max(floor, size * 0.92);
        page.style.fontSize = `${size}px`;
      }
    }
    // Each page was measured with a "(9/9)" placeholder in its title (a longer title may wrap):
    // now the real position, or none when the section fits one slide.
    pages.forEach((page, n) => {
      page.heading.textContent = pages.length > 1
        ? `${section.title} (${n + 1}/${pages.length})` : section.title;
    });
    return pages;
  }

  #slide(section, page) {
    const heading = h("h2", { class: "slide-title" }, `${section.title} (9/9)`);
    const list = h("ul", { class: "slide-list" });
    const slide = h("article", { class: "slide", "data-key": `${section.key}:${page}` },
      heading, section.intro ? section.intro.cloneNode(true) : "", list);
    slide.heading = heading;
    slide.list = list;
    this.region.append(slide); // measured in place, hidden until its turn
    return slide;
  }

  #overflows(slide) {
    return slide.scrollHeight > slide.clientHeight + 1;
  }

  #render() {
    this.slides.forEach((slide, n) => {
      const current = n === this.index;
      slide.classList.toggle("current", current);
      slide.setAttribute("aria-hidden", String(!current));
    });
    const several = this.slides.length > 1;
    this.pauseButton.style.visibility = several ? "" : "hidden";
    this.position.style.visibility = several ? "" : "hidden";
    this.position.textContent = `${this.index + 1} / ${this.slides.length}`;
    this.pauseButton.replaceChildren(
      h("span", { class: this.paused ? "icon-play" : "icon-pause", "aria-hidden": "true" }),
      this.paused ? "Reprendre" : "Pause",
      h("span", { class: "visually-hidden" }, " le défilement des informations"),
    );
  }

  #schedule() {
    clearInterval(this.timer);
    if (this.paused || this.slides.length < 2) return;
    this.timer = setInterval(() => {
      this.index = (this.index + 1) % this.slides.length;
      this.#render();
    }, INTERVAL_MS);
  }

  #togglePause() {
    this.paused = !this.paused;
    this.#render();
    this.#schedule();
  }
}
