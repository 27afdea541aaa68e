# ruff: noqa: E501  (sentences of data, kept one per line)
"""First French drafts of the library's checklists for the national catalogue's common requests.

Written once into a new database by `accueil db upgrade`, marked « à vérifier par l'équipe »: the
team checks each one against the partner's current rules before relying on it, then edits it in
the console (/console/listes). Kinds: step (what to do, in order), document (what to bring),
contact (whom to see), when (by when), link (where online).
"""

from __future__ import annotations

Draft = tuple[str, list[tuple[str, str]]]

DRAFTS: dict[str, Draft] = {
    "carte-grise": (
        "Carte grise — cession ou changement de titulaire",
        [
            (
                "step",
                "Le vendeur déclare la cession en ligne sur le site de l'ANTS et remet le code de cession à l'acheteur.",
            ),
            (
                "step",
                "L'acheteur fait la demande de carte grise à son nom sur le site de l'ANTS, avec le code de cession.",
            ),
            (
                "document",
                "Le certificat de cession (Cerfa 15776) signé par le vendeur et l'acheteur.",
            ),
            ("document", "L'ancienne carte grise barrée, datée et signée par le vendeur."),
            (
                "document",
                "Un justificatif de domicile de moins de 6 mois et le permis de conduire.",
            ),
            (
                "document",
                "Le contrôle technique de moins de 6 mois pour un véhicule de plus de 4 ans.",
            ),
            ("when", "L'acheteur a un mois après l'achat pour faire la demande."),
            ("link", "https://immatriculation.ants.gouv.fr"),
            ("contact", "France Services vous aide à faire la demande en ligne, sans rendez-vous."),
        ],
    ),
    "identite-passeport": (
        "Carte d'identité ou passeport",
        [
            (
                "step",
                "Faire la pré-demande en ligne sur le site de l'ANTS et noter le numéro de pré-demande.",
            ),
            ("step", "Prendre rendez-vous dans une mairie équipée d'une station biométrique."),
            ("document", "Une photo d'identité de moins de 6 mois, aux normes."),
            ("document", "Un justificatif de domicile de moins d'un an."),
            ("document", "L'ancien titre, ou la déclaration de perte ou de vol."),
            ("document", "Pour un passeport : un timbre fiscal acheté en ligne."),
            ("contact", "La mairie équipée, au rendez-vous, pour les empreintes."),
            ("link", "https://ants.gouv.fr"),
        ],
    ),
    "permis-conduire": (
        "Permis de conduire — perte, vol ou renouvellement",
        [
            (
                "step",
                "Faire la demande en ligne sur le site de l'ANTS (rubrique permis de conduire).",
            ),
            (
                "document",
                "Une photo-signature numérique (code reçu chez le photographe ou en cabine agréée).",
            ),
            ("document", "Un justificatif de domicile et une pièce d'identité."),
            ("document", "En cas de vol : le récépissé de déclaration de vol."),
            ("step", "Suivre l'avancement de la demande dans son espace ANTS."),
            ("link", "https://permisdeconduire.ants.gouv.fr"),
        ],
    ),
    "caf-rsa": (
        "RSA — demande et suite",
        [
            (
                "step",
                "Faire la demande de RSA en ligne sur caf.fr (ou msa.fr pour le régime agricole).",
            ),
            ("document", "Les ressources des 3 derniers mois de chaque personne du foyer."),
            ("document", "Un relevé d'identité bancaire (RIB) et le numéro de sécurité sociale."),
            ("step", "Déclarer ses ressources chaque trimestre dans son espace CAF."),
            ("step", "Répondre au rendez-vous d'orientation du Département (accompagnement)."),
            (
                "when",
                "Chaque trimestre, à la date indiquée par la CAF, sans oubli : sinon le RSA s'arrête.",
            ),
            ("link", "https://www.caf.fr"),
        ],
    ),
    "caf-prime-activite": (
        "Prime d'activité",
        [
            ("step", "Faire une simulation puis la demande en ligne sur caf.fr."),
            ("document", "Les revenus des 3 derniers mois (bulletins de salaire, indemnités)."),
            ("step", "Déclarer ses revenus chaque trimestre dans son espace CAF."),
            ("when", "La prime est versée chaque mois ; la déclaration se fait tous les 3 mois."),
            ("link", "https://www.caf.fr"),
        ],
    ),
    "caf-logement": (
        "Aide au logement (APL, ALS, ALF)",
        [
            (
                "step",
                "Faire la simulation puis la demande en ligne sur caf.fr, dès l'entrée dans le logement.",
            ),
            ("document", "Le bail signé et les coordonnées du propriétaire."),
            ("document", "Un relevé d'identité bancaire (RIB)."),
            ("step", "Le propriétaire remplit l'attestation de loyer en ligne ou sur papier."),
            ("when", "L'aide démarre le mois qui suit la demande : ne pas attendre."),
            ("link", "https://www.caf.fr"),
        ],
    ),
    "cpam-css": (
        "Complémentaire santé solidaire",
        [
            (
                "step",
                "Faire la demande en ligne depuis son compte ameli, ou avec le formulaire papier.",
            ),
            ("document", "Les ressources des 12 derniers mois de chaque personne du foyer."),
            ("document", "La carte Vitale et une pièce d'identité."),
            (
                "when",
                "La réponse arrive en 2 mois environ ; la demande se renouvelle chaque année.",
            ),
            ("contact", "La CPAM, à l'accueil ou au 36 46."),
            ("link", "https://www.ameli.fr"),
        ],
    ),
    "cpam-carte-vitale": (
        "Carte Vitale — commande ou remplacement",
        [
            ("step", "Commander la carte depuis son compte ameli (rubrique Mes démarches)."),
            ("document", "Une photo d'identité numérique ou papier, et une pièce d'identité."),
            (
                "step",
                "En cas de perte ou de vol : la déclarer dans son compte ameli, la carte est bloquée.",
            ),
            ("link", "https://www.ameli.fr"),
        ],
    ),
    "retraite-demande": (
        "Demande de retraite en ligne",
        [
            ("step", "Vérifier sa carrière dans son espace personnel sur info-retraite.fr."),
            ("step", "Faire la demande unique de retraite en ligne pour tous les régimes."),
            ("document", "Les bulletins de salaire ou attestations des périodes manquantes."),
            ("document", "Un relevé d'identité bancaire (RIB) et le dernier avis d'impôt."),
            ("when", "4 à 6 mois avant la date de départ souhaitée."),
            ("link", "https://www.info-retraite.fr"),
        ],
    ),
    "retraite-reversion": (
        "Pension de réversion",
        [
            (
                "step",
                "Faire la demande de réversion en ligne sur info-retraite.fr (une demande pour tous les régimes).",
            ),
            ("document", "L'acte de décès et le livret de famille ou l'acte de mariage."),
            ("document", "Les ressources des 3 derniers mois et un relevé d'identité bancaire."),
            ("link", "https://www.info-retraite.fr"),
        ],
    ),
    "impots-declaration": (
        "Déclaration de revenus",
        [
            (
                "step",
                "Se connecter à son espace particulier sur impots.gouv.fr (numéro fiscal et mot de passe).",
            ),
            ("step", "Vérifier les revenus préremplis, compléter et signer la déclaration."),
            (
                "document",
                "Le dernier avis d'impôt (numéro fiscal) et les justificatifs de revenus et de charges.",
            ),
            ("when", "Au printemps, avant la date limite de votre département."),
            (
                "contact",
                "Le service des impôts des particuliers, ou France Services pour l'aide en ligne.",
            ),
            ("link", "https://www.impots.gouv.fr"),
        ],
    ),
    "emploi-inscription": (
        "Inscription à France Travail et actualisation",
        [
            ("step", "S'inscrire en ligne sur francetravail.fr."),
            ("document", "Une pièce d'identité, la carte Vitale, un RIB et un CV si possible."),
            ("step", "Se présenter au premier rendez-vous avec le conseiller."),
            ("step", "S'actualiser chaque mois dans son espace personnel."),
            ("when", "L'actualisation se fait chaque mois, entre le 28 et le 15 du mois suivant."),
            ("link", "https://www.francetravail.fr"),
        ],
    ),
    "justice-casier": (
        "Extrait de casier judiciaire (bulletin n° 3)",
        [
            ("step", "Faire la demande en ligne sur le site du casier judiciaire national."),
            ("document", "L'état civil exact (nom, prénoms, date et lieu de naissance)."),
            (
                "when",
                "L'extrait arrive en général en quelques jours, par courriel ou par courrier.",
            ),
            ("link", "https://casier-judiciaire.justice.gouv.fr"),
        ],
    ),
    "justice-aide": (
        "Aide juridictionnelle",
        [
            ("step", "Remplir le formulaire de demande (Cerfa 16146) ou la demande en ligne."),
            ("document", "Le dernier avis d'impôt et les justificatifs de ressources."),
            ("document", "Les documents de l'affaire (convocation, jugement, courrier)."),
            ("contact", "Le bureau d'aide juridictionnelle du tribunal, ou un Point-justice."),
            ("link", "https://www.aidejuridictionnelle.justice.fr"),
        ],
    ),
    "mdph-aah": (
        "MDPH — demande (AAH, carte mobilité inclusion…)",
        [
            ("step", "Remplir le formulaire de demande MDPH (Cerfa 15692)."),
            (
                "document",
                "Le certificat médical de moins d'un an (Cerfa 15695), rempli par le médecin.",
            ),
            ("document", "Une pièce d'identité et un justificatif de domicile."),
            ("step", "Déposer ou envoyer le dossier complet à la MDPH du département."),
            ("when", "La réponse prend plusieurs mois : déposer le dossier tôt."),
            ("contact", "La MDPH de Tarn-et-Garonne."),
        ],
    ),
}
