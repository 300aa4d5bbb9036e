"""Typed storage failures with Danish messages (the CLI maps ``exit_code``)."""

from __future__ import annotations

import errno

from forandring_desktop.model.errors import ForandringError


class StorageError(ForandringError):
    pass


class WrongPassphraseError(StorageError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "Forkert adgangskode – eller filen er ikke en Forandring Desktop-fil. "
            "Filen er ikke ændret."
        )


class NotEncryptedError(StorageError):
    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(
            f"Filen {path} er en ukrypteret SQLite-database. Forandring Desktop åbner kun "
            "krypterede filer; filen er ikke ændret."
        )


class FileMissingError(StorageError):
    def __init__(self, path: str) -> None:
        super().__init__(f"Filen {path} findes ikke.")


class FileExistsAlreadyError(StorageError):
    def __init__(self, path: str) -> None:
        super().__init__(f"Filen {path} findes allerede; vælg et andet navn.")


class NewerSchemaError(StorageError):
    exit_code = 3

    def __init__(self, revision: str) -> None:
        super().__init__(
            "Filen er gemt af en nyere version af Forandring Desktop (skemaversion "
            f"{revision}). Opdatér programmet for at åbne den; filen er ikke ændret."
        )


class NotAnOrganisationFileError(StorageError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"Filen kan ikke bruges: {detail}")


class OrganisationExistsError(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Filen indeholder allerede en organisation. Importér til en ny fil i stedet; "
            "intet er skrevet."
        )


class EmptyFileError(StorageError):
    def __init__(self) -> None:
        super().__init__("Filen indeholder endnu ingen organisation.")


class DiskFullError(StorageError):
    def __init__(self) -> None:
        super().__init__("Disken er fuld. Ændringen er ikke gemt; frigør plads og prøv igen.")


class WriteFailedError(StorageError):
    """The database could not write a page ("disk I/O error"): most often a full disk or a
    file larger than the drive allows; sometimes a failing drive."""

    def __init__(self) -> None:
        super().__init__(
            "Filen kunne ikke skrives – disken er sikkert fuld (eller drevet har en fejl). "
            "Intet er gemt; frigør plads og prøv igen."
        )


# A write refused for want of room: no space, a file over the size the drive (or the
# process, RLIMIT_FSIZE) allows, a quota.
FULL_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", None)) if code
)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL_ERRNOS


def os_error(exc: OSError, message: str) -> StorageError:
    """DiskFullError for a full disk, else a StorageError with ``message``."""
    return DiskFullError() if is_disk_full(exc) else StorageError(message)


class DatabaseBusyError(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Filen er optaget af et andet program lige nu, så ændringen er ikke gemt. Vent "
            "et øjeblik, og prøv igen."
        )


class StaleDataError(StorageError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} findes ikke længere i filen (slettet et andet sted?).")


# --- Key slots (the ``<db>.keys`` file) ---------------------------------------------------


class KeysFileMissingError(StorageError):
    exit_code = 2

    def __init__(self, path: str, *, unfinished: bool = False) -> None:
        # ``unfinished``: the file was never closed (a -wal or -shm lies beside it), so it
        # may be the leftover of a creation or import that an older version left half-done.
        maybe = (
            " Blev filen oprettet eller importeret, da programmet stoppede, er den aldrig "
            f"blevet færdig: slet så {path} (og filerne {path}-wal og {path}-shm) og "
            "importér igen."
            if unfinished
            else ""
        )
        super().__init__(
            f"Nøglefilen {path}.keys mangler. Den skal ligge i samme mappe som "
            f"databasen {path}; uden den kan filen ikke åbnes – heller ikke med "
            "gendannelsesnøglen. Læg nøglefilen fra jeres sikkerhedskopi ved siden af "
            f"databasen og prøv igen.{maybe} Intet er ændret."
        )


class KeysFileMismatchError(StorageError):
    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(
            f"Nøglefilen {path}.keys hører til en anden database end {path}. Læg den "
            "rigtige nøglefil ved siden af databasen (de skal altid kopieres sammen). "
            "Intet er ændret."
        )


class KeysFileExistsError(StorageError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"Der ligger allerede en nøglefil {path}.keys (fra en flyttet eller slettet "
            "database?). Vælg et andet filnavn, eller flyt nøglefilen væk først; intet er "
            "skrevet."
        )


class InvalidRecoveryKeyError(StorageError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "Gendannelsesnøglen er ikke skrevet rigtigt: den har 40 tegn i 8 grupper af 5 "
            "(bogstaver og tal). Tjek for tastefejl; intet er ændret."
        )


class WrongRecoveryKeyError(StorageError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "Gendannelsesnøglen passer ikke til denne fil (er den erstattet af en nyere?). "
            "Filen er ikke ændret."
        )


class NoRecoveryKeyError(StorageError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "Filen har ingen gendannelsesnøgle. En administrator kan lave en under "
            "Medarbejdere ▸ Ny gendannelsesnøgle. Intet er ændret."
        )


# --- Damaged files --------------------------------------------------------------------------

EXIT_DAMAGED = 4


class FileDamagedError(StorageError):
    """The database, its WAL or its keys file is damaged. The message says what, that
    nothing was changed, and which backup to restore: ``newest_backup`` is filled in by
    the service that knows where the backups are (``services/auto_backup.py``)."""

    exit_code = EXIT_DAMAGED

    def __init__(self, path: str, detail: str, *, newest_backup: str | None = None) -> None:
        self.path = path
        self.detail = detail
        self.newest_backup = newest_backup
        super().__init__(f"{self.what()} {self.advice()}")

    def what(self) -> str:
        raise NotImplementedError

    def advice(self) -> str:
        if self.newest_backup is not None:
            target = self.path or "DB"
            return (
                f"Den nyeste sikkerhedskopi er {self.newest_backup}. Gendan den – i "
                f"programmet, eller med »forandring restore {self.newest_backup} {target} "
                "--replace« (den beskadigede fil gemmes ved siden af)."
            )
        return (
            "Gendan den nyeste sikkerhedskopi (i programmet: Filer ▸ Sikkerhedskopier, "
            "eller med »forandring restore«); den beskadigede fil gemmes ved siden af."
        )

    def with_backup(self, backup: str | None) -> FileDamagedError:
        return type(self)(self.path, self.detail, newest_backup=backup)


class DatabaseDamagedError(FileDamagedError):
    def what(self) -> str:
        name = f"Filen {self.path}" if self.path else "Filen"
        return (
            f"{name} er beskadiget ({self.detail}). Den kan ikke bruges sikkert, og intet i "
            "den er ændret."
        )


class JournalDamagedError(DatabaseDamagedError):
    """The database's WAL (its newest saved changes) is damaged; nothing was opened."""

    def what(self) -> str:
        name = f"Filen {self.path}" if self.path else "Filen"
        return (
            f"{name} er ikke åbnet: dens journal (WAL-filen med de senest gemte ændringer) er "
            f"beskadiget ({self.detail}). Blev filen åbnet alligevel, ville gemte ændringer "
            "forsvinde uden varsel; derfor er intet åbnet, og intet i databasen er ændret."
        )


class KeysFileInvalidError(FileDamagedError):
    def what(self) -> str:
        return (
            f"Nøglefilen {self.path}.keys er beskadiget eller ændret ({self.detail}). "
            "Intet er ændret."
        )


# --- Signed key slots (``key_signing.py``) ------------------------------------------------


class KeysFileTamperedError(StorageError):
    """A slot of the keys file is not covered by the organisation key's signature: someone
    without the organisation key (not an administrator) added or changed it."""

    exit_code = 2

    def __init__(self, who: str | None) -> None:
        self.who = who
        what = (
            f"adgangen for «{who}» er ikke underskrevet af organisationens nøgle"
            if who is not None
            else "listen over adgange passer ikke med organisationens underskrift"
        )
        super().__init__(
            f"Nøglefilen er ændret af en, der ikke er administrator: {what}. Filen er ikke "
            "åbnet, og intet er ændret. Læg nøglefilen fra jeres seneste sikkerhedskopi ved "
            "siden af databasen, og bed en administrator om at se på, hvem der har ændret den."
        )


class OrganisationKeyMismatchError(StorageError):
    """The keys file's organisation key is not the one pinned (in the database, the data
    folder or a backup's manifest), or the file is unsigned where a key is pinned."""

    exit_code = 2

    def __init__(self, where: str, *, unsigned: bool = False, unpinned: bool = False) -> None:
        if unpinned:
            what = (
                "Nøglefilens organisationsnøgle er ikke registreret i databasen endnu. En "
                "administrator skal åbne filen én gang"
            )
        elif unsigned:
            what = (
                "Nøglefilen er ikke underskrevet, men organisationens nøgle er registreret "
                f"i {where}: nøglefilen er udskiftet med en ældre eller ændret"
            )
        else:
            what = (
                "Nøglefilen er underskrevet med en anden organisationsnøgle end den, der er "
                f"registreret i {where}: nøglefilen er udskiftet af en, der ikke er "
                "administrator"
            )
        super().__init__(
            f"{what}. Filen er ikke åbnet, og intet er ændret. Læg nøglefilen fra jeres "
            "seneste sikkerhedskopi ved siden af databasen, eller bed en administrator om hjælp."
        )


class KeysNotSignedError(StorageError):
    """Slots cannot be added or changed in a keys file that is not signed yet."""

    exit_code = 3

    def __init__(self, waiting_for: list[str]) -> None:
        reason = (
            "Disse medarbejdere har en adgang fra før opdateringen og skal først åbne filen "
            f"én gang: {', '.join(waiting_for)}; derefter underskrives den, næste gang en "
            "administrator åbner den."
            if waiting_for
            else "En administrator skal åbne filen én gang."
        )
        super().__init__(
            f"Nøglefilen er ikke underskrevet endnu, så adgangene kan ikke ændres. {reason} "
            "Intet er ændret."
        )
