/** The history entry of the desk setting, changing or taking away a ticket's place. */
export const placeNote = (place: { code: string; path: string } | null) =>
  place ? `Tempat laporan diubah menjadi ${place.path} (${place.code}).` : 'Tempat laporan dihapus.';
