/** A campus employee (the book's pegawai), who reports problems. */
export interface Employee {
  id: string;
  name: string;
  phone: string;
  department: string | null;
  unit: string | null;
  active: boolean;
}
