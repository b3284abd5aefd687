/**
 * The demo shop: a neighbourhood hardware and home store in Buenos Aires. Families × brands ×
 * variants give about 200 products; prices are ARS with VAT included (2026 levels).
 */
export interface DemoCategory {
  readonly slug: string;
  readonly es: string;
  readonly en: string;
  readonly color: readonly [number, number, number];
  readonly brands: readonly string[];
  readonly families: readonly DemoFamily[];
}

export interface DemoFamily {
  readonly es: string;
  readonly en: string;
  readonly descriptionEs: string;
  readonly descriptionEn: string;
  /** Pesos, VAT included. */
  readonly basePrice: number;
  /** Basis points; 21 % unless stated. */
  readonly vatRate?: 0 | 1050 | 2100;
  /** Overrides the category's brands (food and books have their own). */
  readonly brands?: readonly string[];
  readonly variants: readonly (readonly [es: string, en: string, priceFactor: number])[];
}

const sizes = (...values: string[]): DemoFamily['variants'] => values.map((v, i) => [v, v, 1 + i * 0.35] as const);
/** Variants whose names are words: each with its English name, so English product names are English throughout. */
const named = (...pairs: (readonly [es: string, en: string])[]): DemoFamily['variants'] =>
  pairs.map(([es, en], i) => [es, en, 1 + i * 0.35] as const);

export const DEMO_CATALOG: readonly DemoCategory[] = [
  {
    slug: 'herramientas-electricas',
    es: 'Herramientas eléctricas',
    en: 'Power tools',
    color: [214, 93, 14],
    brands: ['Bosch', 'Black+Decker', 'Dewalt'],
    families: [
      {
        es: 'Taladro percutor',
        en: 'Hammer drill',
        descriptionEs: 'Mandril de 13 mm, velocidad variable y reversa. Ideal para hormigón, madera y metal.',
        descriptionEn: '13 mm chuck, variable speed and reverse. For concrete, wood and metal.',
        basePrice: 89_900,
        variants: sizes('550 W', '750 W'),
      },
      {
        es: 'Amoladora angular',
        en: 'Angle grinder',
        descriptionEs: 'Disco de 115 mm, traba de eje y empuñadura lateral.',
        descriptionEn: '115 mm disc, spindle lock and side handle.',
        basePrice: 74_500,
        variants: sizes('700 W', '900 W'),
      },
      {
        es: 'Atornillador inalámbrico',
        en: 'Cordless screwdriver',
        descriptionEs: 'Batería de litio 12 V con cargador y 2 velocidades.',
        descriptionEn: '12 V lithium battery with charger, 2 speeds.',
        basePrice: 98_000,
        variants: [
          ['12 V', '12 V', 1],
          ['18 V con 2 baterías', '18 V with 2 batteries', 1.6],
        ],
      },
      {
        es: 'Sierra circular',
        en: 'Circular saw',
        descriptionEs: 'Hoja de 185 mm, corte a 45° y guía paralela.',
        descriptionEn: '185 mm blade, 45° bevel and rip fence.',
        basePrice: 135_000,
        variants: sizes('1400 W'),
      },
      {
        es: 'Lijadora orbital',
        en: 'Orbital sander',
        descriptionEs: 'Base de 1/4 de hoja con bolsa recolectora de polvo.',
        descriptionEn: 'Quarter-sheet pad with dust bag.',
        basePrice: 52_300,
        variants: sizes('220 W'),
      },
    ],
  },
  {
    slug: 'herramientas-manuales',
    es: 'Herramientas manuales',
    en: 'Hand tools',
    color: [46, 104, 173],
    brands: ['Stanley', 'Tramontina', 'Bahco'],
    families: [
      {
        es: 'Martillo de carpintero',
        en: 'Claw hammer',
        descriptionEs: 'Cabeza de acero forjado y mango antivibración.',
        descriptionEn: 'Forged steel head, anti-vibration handle.',
        basePrice: 14_900,
        variants: sizes('16 oz', '20 oz'),
      },
      {
        es: 'Destornillador',
        en: 'Screwdriver',
        descriptionEs: 'Punta imantada, mango bimaterial.',
        descriptionEn: 'Magnetic tip, two-material handle.',
        basePrice: 4_800,
        variants: [
          ['plano 6 mm', 'flat 6 mm', 1],
          ['Phillips PH2', 'Phillips PH2', 1.05],
        ],
      },
      {
        es: 'Juego de llaves combinadas',
        en: 'Combination wrench set',
        descriptionEs: 'Acero cromo vanadio, de 8 a 19 mm.',
        descriptionEn: 'Chrome vanadium steel, 8 to 19 mm.',
        basePrice: 38_500,
        variants: [
          ['8 piezas', '8 pieces', 1],
          ['12 piezas', '12 pieces', 1.45],
        ],
      },
      {
        es: 'Pinza universal',
        en: 'Combination pliers',
        descriptionEs: 'Aislada 1000 V, 8 pulgadas.',
        descriptionEn: '1000 V insulated, 8 inch.',
        basePrice: 11_200,
        variants: sizes('8"'),
      },
      {
        es: 'Cinta métrica',
        en: 'Tape measure',
        descriptionEs: 'Cinta de acero con freno y gancho magnético.',
        descriptionEn: 'Steel tape with lock and magnetic hook.',
        basePrice: 6_900,
        variants: sizes('5 m', '8 m'),
      },
    ],
  },
  {
    slug: 'electricidad',
    es: 'Electricidad',
    en: 'Electrical',
    color: [196, 160, 0],
    brands: ['Jeluz', 'Cambre', 'Kalop'],
    families: [
      {
        es: 'Cable unipolar',
        en: 'Single-core cable',
        descriptionEs: 'Norma IRAM 247-3, rollo de 100 m.',
        descriptionEn: 'IRAM 247-3 standard, 100 m roll.',
        basePrice: 45_000,
        variants: [
          ['1,5 mm²', '1.5 mm²', 1],
          ['2,5 mm²', '2.5 mm²', 1.5],
        ],
      },
      {
        es: 'Tomacorriente doble',
        en: 'Double socket',
        descriptionEs: '10 A, con bastidor y tapa.',
        descriptionEn: '10 A, with frame and cover plate.',
        basePrice: 5_400,
        variants: sizes('10 A'),
      },
      {
        es: 'Interruptor termomagnético',
        en: 'Circuit breaker',
        descriptionEs: 'Curva C, 4,5 kA, para riel DIN.',
        descriptionEn: 'C curve, 4.5 kA, DIN rail.',
        basePrice: 9_800,
        variants: [
          ['bipolar 16 A', 'two-pole 16 A', 1],
          ['bipolar 25 A', 'two-pole 25 A', 1.1],
        ],
      },
      {
        es: 'Disyuntor diferencial',
        en: 'Residual current breaker',
        descriptionEs: '30 mA, bipolar, protección de personas.',
        descriptionEn: '30 mA, two-pole, protects people.',
        basePrice: 32_000,
        variants: sizes('25 A', '40 A'),
      },
      {
        es: 'Zapatilla eléctrica',
        en: 'Power strip',
        descriptionEs: 'Con interruptor y protección contra sobretensión.',
        descriptionEn: 'With switch and surge protection.',
        basePrice: 12_500,
        variants: [
          ['5 tomas', '5 sockets', 1],
          ['8 tomas', '8 sockets', 1.4],
        ],
      },
    ],
  },
  {
    slug: 'iluminacion',
    es: 'Iluminación',
    en: 'Lighting',
    color: [231, 170, 35],
    brands: ['Philips', 'Osram', 'Candela'],
    families: [
      {
        es: 'Lámpara LED',
        en: 'LED bulb',
        descriptionEs: 'Rosca E27, luz fría, 15.000 horas.',
        descriptionEn: 'E27 base, cool white, 15,000 hours.',
        basePrice: 3_200,
        variants: sizes('9 W', '12 W', '15 W'),
      },
      {
        es: 'Panel LED embutir',
        en: 'Recessed LED panel',
        descriptionEs: 'Cuadrado, driver incluido.',
        descriptionEn: 'Square, driver included.',
        basePrice: 15_800,
        variants: sizes('18 W', '24 W'),
      },
      {
        es: 'Reflector LED exterior',
        en: 'Outdoor LED floodlight',
        descriptionEs: 'IP65, cuerpo de aluminio.',
        descriptionEn: 'IP65, aluminium body.',
        basePrice: 21_000,
        variants: sizes('50 W', '100 W'),
      },
      {
        es: 'Tira LED',
        en: 'LED strip',
        descriptionEs: '5 metros con fuente y control.',
        descriptionEn: '5 metres with power supply and remote.',
        basePrice: 17_900,
        variants: [
          ['blanca', 'white', 1],
          ['RGB', 'RGB', 1.3],
        ],
      },
    ],
  },
  {
    slug: 'pintureria',
    es: 'Pinturería',
    en: 'Paint',
    color: [180, 46, 96],
    brands: ['Alba', 'Sherwin-Williams', 'Tersuave'],
    families: [
      {
        es: 'Látex interior',
        en: 'Interior latex paint',
        descriptionEs: 'Blanco mate, lavable, bajo olor.',
        descriptionEn: 'Matte white, washable, low odour.',
        basePrice: 42_000,
        variants: [
          ['4 litros', '4 litres', 1],
          ['20 litros', '20 litres', 4.2],
        ],
      },
      {
        es: 'Esmalte sintético',
        en: 'Synthetic enamel',
        descriptionEs: 'Brillante, para madera y metal.',
        descriptionEn: 'Gloss, for wood and metal.',
        basePrice: 18_500,
        variants: [
          ['1 litro', '1 litre', 1],
          ['4 litros', '4 litres', 3.6],
        ],
      },
      {
        es: 'Rodillo de lana',
        en: 'Wool paint roller',
        descriptionEs: 'Para látex, con mango.',
        descriptionEn: 'For latex, with handle.',
        basePrice: 7_800,
        variants: sizes('17 cm', '22 cm'),
      },
      {
        es: 'Pincel',
        en: 'Paint brush',
        descriptionEs: 'Cerda natural, virola de acero.',
        descriptionEn: 'Natural bristle, steel ferrule.',
        basePrice: 2_900,
        variants: named(['N° 10', 'No. 10'], ['N° 20', 'No. 20'], ['N° 30', 'No. 30']),
      },
    ],
  },
  {
    slug: 'plomeria',
    es: 'Plomería',
    en: 'Plumbing',
    color: [0, 128, 128],
    brands: ['FV', 'Awaduct', 'Hidro3'],
    families: [
      {
        es: 'Canilla monocomando',
        en: 'Single-lever tap',
        descriptionEs: 'Para cocina, cuerpo de bronce cromado.',
        descriptionEn: 'Kitchen tap, chrome-plated brass body.',
        basePrice: 68_000,
        variants: named(['estándar', 'standard']),
      },
      {
        es: 'Caño termofusión',
        en: 'Fusion-weld pipe',
        descriptionEs: 'Tira de 4 m para agua fría y caliente.',
        descriptionEn: '4 m length for hot and cold water.',
        basePrice: 9_600,
        variants: sizes('20 mm', '25 mm'),
      },
      {
        es: 'Cinta de teflón',
        en: 'PTFE tape',
        descriptionEs: 'Para roscas, 10 m.',
        descriptionEn: 'For threads, 10 m.',
        basePrice: 900,
        variants: sizes('12 mm', '19 mm'),
      },
      {
        es: 'Flexible para canilla',
        en: 'Tap connector hose',
        descriptionEs: 'Mallado de acero inoxidable.',
        descriptionEn: 'Braided stainless steel.',
        basePrice: 4_300,
        variants: sizes('30 cm', '40 cm'),
      },
    ],
  },
  {
    slug: 'jardin',
    es: 'Jardín',
    en: 'Garden',
    color: [56, 142, 60],
    brands: ['Gamma', 'Tramontina', 'Gardena'],
    families: [
      {
        es: 'Manguera reforzada',
        en: 'Reinforced garden hose',
        descriptionEs: 'Con acoples y pico regador.',
        descriptionEn: 'With fittings and spray nozzle.',
        basePrice: 19_900,
        variants: sizes('15 m', '25 m'),
      },
      {
        es: 'Cortadora de césped eléctrica',
        en: 'Electric lawn mower',
        descriptionEs: 'Bolsa recolectora de 40 litros.',
        descriptionEn: '40 litre grass box.',
        basePrice: 189_000,
        variants: sizes('1200 W', '1600 W'),
      },
      {
        es: 'Tijera de podar',
        en: 'Pruning shears',
        descriptionEs: 'Hojas de acero templado.',
        descriptionEn: 'Hardened steel blades.',
        basePrice: 11_500,
        variants: sizes('20 cm'),
      },
      {
        es: 'Pala de punta',
        en: 'Pointed shovel',
        descriptionEs: 'Mango de madera de 1,20 m.',
        descriptionEn: '1.2 m wooden handle.',
        basePrice: 16_700,
        variants: named(['N° 4', 'No. 4']),
      },
    ],
  },
  {
    slug: 'seguridad',
    es: 'Seguridad',
    en: 'Safety',
    color: [120, 120, 120],
    brands: ['3M', 'Libus', 'Steelpro'],
    families: [
      {
        es: 'Guantes de trabajo',
        en: 'Work gloves',
        descriptionEs: 'Moteados, agarre firme.',
        descriptionEn: 'Dotted grip.',
        basePrice: 2_500,
        variants: named(['talle 9', 'size 9'], ['talle 10', 'size 10']),
      },
      {
        es: 'Anteojos de seguridad',
        en: 'Safety glasses',
        descriptionEs: 'Lente claro antiempañante.',
        descriptionEn: 'Clear anti-fog lens.',
        basePrice: 4_100,
        variants: named(['estándar', 'standard']),
      },
      {
        es: 'Casco de seguridad',
        en: 'Safety helmet',
        descriptionEs: 'Con arnés regulable.',
        descriptionEn: 'Adjustable harness.',
        basePrice: 9_900,
        variants: named(['blanco', 'white'], ['amarillo', 'yellow']),
      },
      {
        es: 'Protector auditivo',
        en: 'Ear defenders',
        descriptionEs: 'Tipo copa, 25 dB.',
        descriptionEn: 'Over-ear, 25 dB.',
        basePrice: 8_700,
        variants: named(['estándar', 'standard']),
      },
    ],
  },
  {
    slug: 'bazar',
    es: 'Bazar y hogar',
    en: 'Home & kitchen',
    color: [121, 85, 72],
    brands: ['Tramontina', 'Hudson', 'Essen'],
    families: [
      {
        es: 'Pava eléctrica',
        en: 'Electric kettle',
        descriptionEs: 'Corte automático, ideal para el mate.',
        descriptionEn: 'Auto shut-off, perfect for mate.',
        basePrice: 34_900,
        variants: [['1,7 litros', '1.7 litres', 1]],
      },
      {
        es: 'Set de cuchillos',
        en: 'Knife set',
        descriptionEs: 'Acero inoxidable con taco de madera.',
        descriptionEn: 'Stainless steel with wooden block.',
        basePrice: 27_500,
        variants: [['5 piezas', '5 pieces', 1]],
      },
      {
        es: 'Olla de acero',
        en: 'Steel pot',
        descriptionEs: 'Triple fondo, apta inducción.',
        descriptionEn: 'Triple base, induction ready.',
        basePrice: 31_000,
        variants: sizes('20 cm', '24 cm'),
      },
      {
        es: 'Manual de bricolaje',
        en: 'DIY handbook',
        descriptionEs: 'Libro con 100 proyectos para el hogar.',
        descriptionEn: 'Book with 100 home projects.',
        basePrice: 15_000,
        vatRate: 0,
        brands: ['Albatros', 'Kapelusz'],
        variants: [['edición 2026', '2026 edition', 1]],
      },
    ],
  },
  {
    slug: 'almacen',
    es: 'Almacén',
    en: 'Pantry',
    color: [158, 98, 20],
    brands: [],
    families: [
      {
        es: 'Yerba mate',
        en: 'Yerba mate',
        descriptionEs: 'Con palo, molienda tradicional.',
        descriptionEn: 'With stems, traditional cut.',
        basePrice: 3_900,
        brands: ['Playadito', 'Taragüí', 'Rosamonte'],
        variants: [
          ['500 g', '500 g', 1],
          ['1 kg', '1 kg', 1.9],
        ],
      },
      {
        es: 'Dulce de leche',
        en: 'Dulce de leche',
        descriptionEs: 'Clásico, pote de 400 g.',
        descriptionEn: 'Classic, 400 g tub.',
        basePrice: 2_700,
        vatRate: 1050,
        brands: ['La Serenísima', 'SanCor', 'Chimbote'],
        variants: sizes('400 g'),
      },
      {
        es: 'Harina 000',
        en: 'Wheat flour 000',
        descriptionEs: 'Paquete de 1 kg.',
        descriptionEn: '1 kg pack.',
        basePrice: 1_150,
        vatRate: 1050,
        brands: ['Blancaflor', 'Pureza', 'Favorita'],
        variants: sizes('1 kg'),
      },
    ],
  },
];
