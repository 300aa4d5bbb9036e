"""Typed storage failures with Danish messages (the CLI maps ``exit_code``)."""

from __future__ import annotations

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


class StaleDataError(StorageError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} findes ikke længere i filen (slettet et andet sted?).")
