"""Typed sync failures with Danish messages a staff member understands."""

from __future__ import annotations

from forandring_desktop.storage.errors import StorageError


class SyncError(StorageError):
    """Something stopped a sync; nothing half-done was applied."""

    exit_code = 4


class ServerUnreachableError(SyncError):
    def __init__(self, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            "Serveren kan ikke nås" + extra + ". Alt gemmes på denne computer og "
            "synkroniseres, når serveren kan nås igen."
        )


class ServerLoginError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Serveren afviste brugernavnet eller adgangskoden. Tjek forbindelsesoplysningerne; "
            "intet er ændret."
        )


class InsecureServerError(SyncError):
    def __init__(self, host: str, mode: str) -> None:
        super().__init__(
            f"Forbindelsen til serveren {host} skal være krypteret og serverens certifikat "
            f"kontrolleret (sslmode=verify-full), men der er bedt om sslmode={mode}. "
            "Intet er sendt."
        )


class BadServerAddressError(SyncError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"Serverens adresse kan ikke bruges: {detail}")


class ServerOfAnotherOrganisationError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Serveren hører til en anden organisation end denne fil. Intet er sendt eller "
            "hentet; tjek serverens adresse."
        )


class ServerNotSetUpError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Serveren er ikke gjort klar til Forandring Desktop endnu. En administrator kan "
            "gøre det med 'forandring server init'."
        )


class NewerServerSchemaError(SyncError):
    def __init__(self, version: int) -> None:
        super().__init__(
            f"Serveren er gjort klar af en nyere version af Forandring Desktop (serverskema "
            f"{version}). Opdatér programmet; intet er ændret."
        )


class ServerPermissionError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Serveren tillader ikke handlingen for denne bruger (kun en administrator af "
            "serveren må det). Intet er ændret."
        )


class TamperedChangeError(SyncError):
    """A change from the server whose ciphertext or metadata does not match its seal."""

    def __init__(self, seq: int | None = None) -> None:
        where = f" (nr. {seq})" if seq is not None else ""
        super().__init__(
            f"En ændring på serveren{where} er blevet ændret efter, at den blev gemt, eller er "
            "ikke lavet med organisationens nøgle. Den er afvist, og intet er indlæst fra "
            "denne synkronisering. Kontakt den, der driver serveren."
        )


class NewerChangeError(SyncError):
    """A change written by a newer version of the app (its schema version is unknown)."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"En anden computer bruger en nyere version af Forandring Desktop (skemaversion "
            f"{version}). Opdatér programmet for at hente ændringer; dine egne ændringer er "
            "gemt og sendes stadig."
        )


class SyncNotSetUpError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Filen er ikke sat op til synkronisering. Vælg Filer ▸ Synkronisering ▸ Opsæt."
        )


class SyncAlreadySetUpError(SyncError):
    def __init__(self) -> None:
        super().__init__("Filen er allerede sat op til synkronisering; intet er ændret.")


class NoServerError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Der er ikke valgt nogen server for filen. Vælg Filer ▸ Synkronisering ▸ Server, "
            "eller giv serverens forbindelsesstreng med --dsn."
        )


class ServerDiskFullError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Serverens disk er fuld; ændringerne er ikke sendt, men venter sikkert på denne "
            "computer. Bed den, der passer serveren, om at skaffe plads; så sendes de ved "
            "næste synkronisering."
        )


class InvitationCodeError(SyncError):
    """The code does not open the invitation file (a typo, or the wrong invitation)."""

    def __init__(self) -> None:
        super().__init__(
            "Koden passer ikke til invitationen. Tjek koden (16 tegn, fx ABCD-EFGH-JKLM-NPQR) "
            "og at det er den rigtige invitationsfil; intet er oprettet."
        )


class InvitationDamagedError(SyncError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Invitationsfilen kan ikke bruges ({detail}). Bed administratoren om en ny "
            "invitation; intet er oprettet."
        )


class InvitationUsedError(SyncError):
    def __init__(self, *, login_refused: bool = False) -> None:
        why = (
            " (serveren afviser dens login: det har fået en ny adgangskode, da invitationen "
            "blev brugt, eller er fjernet)"
            if login_refused
            else ""
        )
        super().__init__(
            f"Invitationen er allerede brugt{why}. En invitation kan kun bruges én gang; bed "
            "administratoren om en ny. Intet er oprettet."
        )


class InvitationExpiredError(SyncError):
    def __init__(self, days: int) -> None:
        super().__init__(
            f"Invitationen er udløbet (den gælder i {days} dage). Bed administratoren om en "
            "ny; intet er oprettet."
        )


class InvitationUnknownError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Serveren kender ikke invitationen (den er lavet til en anden server eller "
            "slettet). Bed administratoren om en ny; intet er oprettet."
        )


class InvitationForAnotherError(SyncError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Invitationen er lavet til {name}; brug {name}s adgangskode, eller bed "
            "administratoren om en invitation til dig. Intet er oprettet."
        )


class JoinInterruptedError(SyncError):
    """The invitation was used, then joining failed: no file was made."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Tilslutningen blev afbrudt, efter at invitationen var brugt: {detail} Der er "
            "ikke oprettet nogen fil; bed administratoren om en ny invitation."
        )
