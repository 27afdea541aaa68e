"""The appointment book as an agent uses it on the tablet, and the visitor's appointment page."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import TABLET, sign_in


def _tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


def test_an_agent_books_moves_and_cancels_from_the_agenda(tablet: Any, live_server: Any) -> None:
    page = tablet
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    page.get_by_role("link", name="Rendez-vous").click()
    expect(page.get_by_role("heading", name="Nouveau rendez-vous")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Démarche").select_option("caf-rsa")
    page.get_by_label("Date", exact=True).fill(_tomorrow())
    page.get_by_label("Heure").fill("10:00")
    page.get_by_label("Lieu").select_option("bureau-1")
    page.get_by_label("Numéro de téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Réserver").click()
    # Without the consent box the number is refused, with a sentence that says what to do.
    expect(page.get_by_role("alert").filter(has_text="accord")).to_be_visible()
    page.get_by_label("La personne accepte d'être rappelée à ce numéro").check()
    page.get_by_role("button", name="Réserver").click()

    dialog = page.get_by_role("dialog", name="Rendez-vous réservé")
    expect(dialog).to_be_visible()
    code = dialog.locator("#booked-code").inner_text()
    assert re.fullmatch(r"RDV-\d{6}", code)
    expect(dialog.get_by_role("img")).to_have_js_property("complete", True)
    assert dialog.get_by_role("img").evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
    visitor_url = dialog.get_by_role("link", name="Imprimer la convocation").get_attribute("href")
    dialog.get_by_role("button", name="Fermer").click()

    item = page.locator(f"li[data-code='{code}']")
    expect(item).to_contain_text("10:00–10:30")
    expect(item).to_contain_text("Bureau 1")
    expect(item).to_contain_text("rappel : +33612345678")

    # The same room at the same time is refused, and the agent is told until when it is taken.
    page.get_by_label("Date", exact=True).fill(_tomorrow())
    page.get_by_label("Heure").fill("10:15")
    page.get_by_label("Lieu").select_option("bureau-1")
    page.get_by_role("button", name="Réserver").click()
    expect(page.locator("#book-error")).to_contain_text("déjà réservé de 10:00 à 10:30")

    page.get_by_role("button", name=f"Déplacer le rendez-vous de 10:00 ({code})").click()
    expect(page.get_by_role("heading", name=f"Déplacer le rendez-vous {code}")).to_be_visible()
    page.get_by_label("Heure").fill("11:30")
    page.get_by_role("button", name="Enregistrer le déplacement").click()
    expect(page.get_by_role("status")).to_contain_text("déplacé")
    expect(item).to_contain_text("11:30–12:00")

    page.get_by_role("button", name="Semaine").click()
    expect(page.get_by_role("button", name="Semaine")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".agenda-day")).to_have_count(7)
    expect(item).to_be_visible()
    assert_accessible(page)

    cancel = page.get_by_role("button", name=f"Annuler le rendez-vous de 11:30 ({code})")
    cancel.click()
    cancel.click()  # the second press confirms
    expect(page.get_by_role("status")).to_contain_text("annulé")
    expect(item).to_contain_text("Annulé")

    visitor = page.context.new_page()
    visitor.goto(visitor_url)
    expect(visitor.get_by_role("heading", name="Votre rendez-vous")).to_be_visible()
    expect(visitor.get_by_text("Ce rendez-vous a été annulé")).to_be_visible()
    expect(visitor.get_by_text(code)).to_be_visible()
    assert_accessible(visitor)


# Each field of the booking form beside the width its own content needs (the same field sized
# to its content, `field-sizing: content`): a date, an hour or a duration cut by its box cannot
# be read before booking.
FIELD_NEEDS = """() => ['book-date', 'book-time', 'book-minutes'].map((id) => {
  const field = document.getElementById(id);
  const sized = field.cloneNode(true);
  Object.assign(sized.style, { width: 'auto', minWidth: '0', fieldSizing: 'content',
                               position: 'absolute' });
  sized.value = field.value;
  field.parentElement.append(sized);
  const need = sized.getBoundingClientRect().width;
  sized.remove();
  return { id, width: field.getBoundingClientRect().width, need };
})"""


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, TABLET], ids=["1280x800", "1024x768"]
)
def test_the_booking_form_shows_the_whole_date_hour_and_duration_on_a_tablet(
    new_page: Any, live_server: Any, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport)
    sign_in(page, live_server)
    page.get_by_role("link", name="Rendez-vous").click()
    expect(page.get_by_role("heading", name="Nouveau rendez-vous")).to_be_visible()
    page.get_by_label("Date", exact=True).fill(_tomorrow())
    page.get_by_label("Heure").fill("10:30")
    page.get_by_label("Durée").select_option("90")
    cut = [f for f in page.evaluate(FIELD_NEEDS) if f["width"] + 1 < f["need"]]
    assert not cut, cut


def test_the_agenda_asks_to_sign_in_first(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/console/agenda")
    expect(page.get_by_role("heading", name="Connexion nécessaire")).to_be_visible()
    assert_accessible(page)


def test_the_admin_edits_the_tour_and_the_public_sees_it(tablet: Any, live_server: Any) -> None:
    page = tablet
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    page.goto(live_server.url + "/console/itinerance")
    expect(page.get_by_role("heading", name="Arrêts")).to_be_visible()
    assert_accessible(page)
    # The empty rows to add a stop or a half-day have no "Retirer"/"Supprimer", and no stray word.
    assert "null" not in page.locator("#new-stop").inner_text()
    assert "null" not in page.locator("#new-slot").inner_text()

    row = page.locator("form[data-commune='Caumont']")
    row.get_by_label("Remarques").fill("salle à l'étage, accès à confirmer")
    row.get_by_label("Adresse").fill("2 rue de la Mairie")
    row.get_by_role("button", name="Enregistrer l'arrêt Caumont").click()
    expect(page.get_by_role("status")).to_contain_text("Arrêt Caumont enregistré")

    page.get_by_label("Une 5e semaine dans le mois").select_option("A")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("circuit A")

    public = page.context.new_page()
    public.set_viewport_size({"width": 390, "height": 844})  # a phone
    public.goto(live_server.url + "/itinerance")
    expect(public.get_by_role("heading", name="France Services itinérant")).to_be_visible()
    expect(public.get_by_text("salle à l'étage, accès à confirmer").first).to_be_visible()
    expect(
        public.get_by_role("img", name="Carte des arrêts du France Services itinérant")
    ).to_be_visible()
    expect(public.get_by_role("link", name="Toute la tournée (.ics)")).to_have_attribute(
        "href", "/itinerance.ics"
    )
    assert_accessible(public)


def test_the_department_administrator_of_a_real_install_edits_permanences_and_the_tour(
    tablet: Any, live_server: Any
) -> None:
    """`accueil init` (and the setup page) make the site's owner a department administrator:
    the agenda's admin editors are theirs too, not only a site administrator's."""
    live_server.add_department_admin("owner", "2468")
    page = tablet
    sign_in(page, live_server, "owner", "2468")
    expect(page.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    page.get_by_role("link", name="Rendez-vous").click()
    expect(page.get_by_role("heading", name="Nouveau rendez-vous")).to_be_visible()
    page.get_by_role("link", name="Permanences").click()
    expect(page.get_by_role("heading", name="Nouvelle permanence")).to_be_visible()
    page.goto(live_server.url + "/console/agenda")
    page.get_by_role("link", name="Tournée itinérante").click()
    expect(page.get_by_role("heading", name="Arrêts")).to_be_visible()
    page.goto(live_server.url + "/console/minibus")
    expect(page.get_by_role("heading", name="Nouveau trajet")).to_be_visible()
    # Opened from the back-office's menu, the appointment book leads back there.
    page.goto(live_server.url + "/console/agenda")
    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", name="Administration", exact=True)).to_be_visible()


def test_the_display_rotation_shows_the_permanences_and_the_map(
    page: Any, live_server: Any
) -> None:
    page.goto(live_server.url + "/display")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.slide-title')]"
        ".some((t) => t.textContent.startsWith('Permanences des partenaires'))"
    )
    titles = page.locator(".slide-title").all_text_contents()
    assert any(t.startswith("Les arrêts de l'itinérant") for t in titles)
    # The map is an image the browser fetches after the slide is built: wait for it to load.
    page.wait_for_function(
        "() => { const img = document.querySelector('img.itinerant-map-image');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    assert any("CAF en visio" in text for text in page.locator(".slide").all_text_contents())


def test_the_admin_sets_permanences_imports_slots_and_shares_an_agenda(
    tablet: Any, live_server: Any, tmp_path: Any
) -> None:
    page = tablet
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    page.goto(live_server.url + "/console/permanences")
    expect(page.get_by_role("heading", name="Nouvelle permanence")).to_be_visible()

    page.get_by_label("Intitulé (affiché au public)").fill("Conciliateur (essai)")
    page.get_by_label("Jour").select_option("3")
    page.get_by_label("De", exact=True).fill("09:00")
    page.get_by_label("À", exact=True).fill("12:00")
    page.get_by_label("Semaines").select_option("2-4")
    page.get_by_role("button", name="Ajouter la permanence").click()
    expect(page.get_by_role("status")).to_contain_text("Conciliateur (essai) ajoutée")
    expect(page.locator("#perm-list")).to_contain_text("2e et 4e semaines du mois")

    csv = tmp_path / "partenaire.csv"
    csv.write_text("intitule;jour;debut;fin;semaines;capacite\nPoint budget;mardi;09:30;12:00;;3\n")
    page.get_by_label("Fichier (.ics ou .csv)").set_input_files(str(csv))
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("status")).to_contain_text("1 permanence(s) importée(s)")
    expect(page.locator("#perm-list")).to_contain_text("Point budget")

    page.get_by_label("Agenda de").select_option("partner:caf")
    page.get_by_role("button", name="Créer un lien").click()
    expect(page.locator("#link-list")).to_contain_text("/agenda/")
    url = page.locator("#link-list .link-url").first.inner_text()
    assert requests.get(url, timeout=30).status_code == 200
    assert_accessible(page)
    revoke = page.get_by_role("button", name=re.compile("Révoquer le lien de"))
    revoke.first.click()
    revoke.first.click()  # the second press confirms
    expect(page.get_by_role("status")).to_contain_text("révoqué")
    assert requests.get(url, timeout=30).status_code == 404


def test_an_agent_books_a_minibus_seat_a_week_ahead(tablet: Any, live_server: Any) -> None:
    page = tablet
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    page.goto(live_server.url + "/console/minibus")
    expect(page.get_by_role("heading", name="Nouveau trajet")).to_be_visible()
    day = (date.today() + timedelta(days=9)).isoformat()
    page.get_by_label("Date").fill(day)
    page.get_by_label("Places").fill("4")
    page.get_by_label("Points de ramassage").fill("08:30 Saint-Agnan, La Poste\n08:50 Caumont")
    page.get_by_role("button", name="Ajouter le trajet").click()
    expect(page.get_by_role("status")).to_contain_text("Trajet ajouté")
    trip = page.locator("article[data-trip]").last
    trip.get_by_label("Prénom ou initiales").fill("Josette")
    trip.get_by_role("button", name="Réserver une place").click()
    expect(page.get_by_role("status")).to_contain_text("Place réservée")
    expect(page.locator("article[data-trip]").last).to_contain_text("3 place(s) libre(s) sur 4")
    assert_accessible(page)
    sheet = page.context.new_page()
    link = page.locator("article[data-trip]").last.get_by_role("link").get_attribute("href")
    sheet.goto(live_server.url + link)
    expect(sheet.get_by_role("cell", name="Josette")).to_be_visible()
    assert_accessible(sheet)


def _starting_now(server: Any, appointment_id: int) -> str:
    """Move a booked appointment to start now, in the server's database; its local « HH:MM ».

    Booking refuses a time already past and any start after 21 h, so an appointment of today
    cannot be booked in the evening: the test booked it for tomorrow and brings it here. It
    starts this very minute, so it is today's and still open at any hour of the day."""
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    stored = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's naive UTC text in SQLite
    with sqlite3.connect(server.workdir / "accueil.db") as database:
        moved = database.execute(
            "UPDATE appointments SET starts_at = ?, ends_at = ? WHERE id = ?",
            (
                start.strftime(stored),
                (start + timedelta(minutes=30)).strftime(stored),
                appointment_id,
            ),
        )
        assert moved.rowcount == 1
    return start.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")


def test_an_agent_checks_in_a_visitor_who_has_no_code_from_the_agenda(
    tablet: Any, live_server: Any
) -> None:
    agent = live_server.login("demo1")
    booked = agent.post(
        f"{live_server.url}/api/v1/appointments",
        json={"service": "caf-rsa", "date": _tomorrow(), "time": "10:00"},
        timeout=10,
    )
    assert booked.status_code == 201, booked.text
    code = booked.json()["code"]
    at = _starting_now(live_server, booked.json()["id"])
    page = tablet
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    page.goto(live_server.url + "/console/agenda")
    item = page.locator(f"li[data-code='{code}']")
    item.get_by_role(
        "button", name=f"Enregistrer l'arrivée du rendez-vous de {at} ({code})"
    ).click()
    expect(page.locator("#agenda-status")).to_contain_text(
        f"Arrivée enregistrée pour {code} : ticket C"
    )
    expect(item).to_contain_text("Arrivé")
    expect(item.get_by_role("button", name=re.compile("Enregistrer l'arrivée"))).to_have_count(0)
    assert_accessible(page)
