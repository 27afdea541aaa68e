"""The France Services catalogue (docs/DOMAIN.md): themes, national partners, common requests."""

from __future__ import annotations

THEMES: dict[str, str] = {
    "emploi": "Formation, emploi, retraite",
    "justice": "Justice",
    "sante": "Santé",
    "budget": "Budget, impôts",
    "famille": "État civil et famille",
    "logement": "Logement, mobilité, courrier",
}

# (partner code, partner name, ticket prefix, [(service code, label, theme)])
PARTNERS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "france-titres",
        "France Titres (ANTS)",
        "T",
        [
            ("carte-grise", "Carte grise", "logement"),
            ("identite-passeport", "Carte d'identité, passeport", "famille"),
            ("permis-conduire", "Permis de conduire", "logement"),
        ],
    ),
    (
        "caf",
        "CAF",
        "C",
        [
            ("caf-rsa", "RSA", "famille"),
            ("caf-prime-activite", "Prime d'activité", "emploi"),
            ("caf-logement", "Aides au logement", "logement"),
            ("caf-declaration", "Déclaration trimestrielle", "famille"),
            ("caf-identifiants", "Codes de connexion CAF", "famille"),
        ],
    ),
    (
        "cpam",
        "Assurance Maladie (CPAM)",
        "S",
        [
            ("cpam-css", "Complémentaire santé solidaire", "sante"),
            ("cpam-ameli", "Remboursements, compte ameli", "sante"),
            ("cpam-carte-vitale", "Carte Vitale", "sante"),
        ],
    ),
    (
        "retraite",
        "Assurance retraite (CNAV, Carsat)",
        "R",
        [
            ("retraite-demande", "Demande de retraite en ligne", "emploi"),
            ("retraite-compte", "Compte retraite personnel", "emploi"),
            ("retraite-reversion", "Pension de réversion", "emploi"),
        ],
    ),
    (
        "msa",
        "MSA",
        "M",
        [
            ("msa-sante", "MSA : santé", "sante"),
            ("msa-famille", "MSA : famille", "famille"),
            ("msa-retraite", "MSA : retraite", "emploi"),
        ],
    ),
    (
        "dgfip",
        "Impôts (DGFiP)",
        "I",
        [
            ("impots-declaration", "Déclaration de revenus", "budget"),
            ("impots-deces", "Impôts après un décès", "budget"),
            ("impots-espace", "Espace particulier impots.gouv", "budget"),
        ],
    ),
    (
        "france-travail",
        "France Travail",
        "E",
        [
            ("emploi-inscription", "Inscription, actualisation", "emploi"),
            ("emploi-cv", "CV et lettre de motivation", "emploi"),
        ],
    ),
    (
        "la-poste",
        "La Poste",
        "P",
        [
            ("poste-email", "Créer une adresse e-mail", "logement"),
            ("poste-courrier", "Courrier", "logement"),
        ],
    ),
    (
        "justice",
        "Justice",
        "J",
        [
            ("justice-aide", "Aide juridictionnelle", "justice"),
            ("justice-casier", "Extrait de casier judiciaire", "justice"),
            ("justice-conciliateur", "Conciliateur, Point-justice", "justice"),
        ],
    ),
    (
        "mdph",
        "MDPH (handicap)",
        "H",
        [
            ("mdph-aah", "MDPH, AAH", "sante"),
        ],
    ),
]

# For visitors who do not know which partner handles their request.
GENERAL_SERVICE = ("accueil-general", "Autre demande, je ne sais pas", "famille", "A")

# The pictograms a request may show beside its label on the kiosk: names of the kiosk's own
# icon set (kiosk/static/kiosk/icons.js ICONS), with the words the back-office's select shows.
PICTOGRAMS: dict[str, str] = {
    "emploi": "Emploi (mallette)",
    "justice": "Justice (balance)",
    "sante": "Santé (cœur)",
    "budget": "Budget (euro)",
    "famille": "Famille (personnes)",
    "logement": "Logement (maison)",
    "appointment": "Rendez-vous (calendrier)",
    "reading": "Lecture (tasse)",
    "idea": "Idée (ampoule)",
    "priority": "Priorité (canne)",
    "speaker": "Annonce (haut-parleur)",
    "clock": "Horaires (horloge)",
    "warning": "Attention (triangle)",
    "phone": "Téléphone",
    "language": "Langues (globe)",
}
