/*
 * The words around a product in a customer's message, in es-AR (voseo included) and English,
 * folded (lower case, no accents, repeated letters kept). Read by `understandMessage`.
 */

const set = (...lists: Iterable<string>[]): ReadonlySet<string> => new Set(lists.flatMap((list) => [...list]));

/** Greetings, alone or together ("hola buenas tardes", "hi there"). */
export const GREETING_WORDS = set(
  ['hola', 'holas', 'holis', 'ola', 'buenas', 'buenos', 'buen', 'wenas', 'dia', 'dias', 'tardes', 'noches', 'saludos', 'buendia'],
  ['que', 'tal', 'como', 'va', 'andas', 'estas', 'anda', 'todo', 'bien', 'che', 'gente'],
  ['hi', 'hello', 'hey', 'heya', 'hiya', 'howdy', 'good', 'morning', 'afternoon', 'evening', 'there', 'all', 'how', 'are', 'you', 'doing'],
);
/** A greeting needs one of these; the other greeting words only go with them. */
export const GREETING_CORE = set(['hola', 'holas', 'holis', 'ola', 'buenas', 'buenos', 'buen', 'wenas', 'buendia', 'saludos', 'hi', 'hello', 'hey', 'heya', 'hiya', 'howdy', 'good']);

export const THANKS_CORE = set(['gracias', 'thanks', 'thank', 'thx', 'ty', 'agradezco', 'grax']);
export const THANKS_WORDS = set(THANKS_CORE, ['muchas', 'muchisimas', 'mil', 'mucho', 'so', 'much', 'you', 'very', 'a', 'lot', 'igual', 'de', 'todas', 'formas', 'te', 'les']);

export const GOODBYE_CORE = set(['chau', 'chao', 'adios', 'bye', 'goodbye', 'hasta', 'luego', 'vemos', 'later', 'see']);
export const GOODBYE_WORDS = set(GOODBYE_CORE, ['nos', 'pronto', 'manana', 'you', 'soon', 'good', 'night', 'buenas', 'noches', 'saludos', 'nada', 'mas']);

/** "ok", "dale", "perfecto": an acknowledgement, nothing to search. */
export const ACK_WORDS = set([
  'ok', 'oka', 'okey', 'okay', 'okis', 'dale', 'listo', 'joya', 'perfecto', 'genial', 'barbaro', 'buenisimo', 'bueno', 'buenisima',
  'entendido', 'claro', 'si', 'sure', 'great', 'cool', 'perfect', 'awesome', 'nice', 'fine', 'alright', 'got', 'it', 'yes', 'yep',
]);

/** Cancel words (the engine routes a cancel; what it cancels is the flow's business). */
export const CANCEL_CORE = set(['cancelar', 'cancela', 'cancelo', 'cancelalo', 'cancelame', 'cancel', 'anular', 'anula', 'anulalo', 'abort', 'salir', 'exit', 'quit']);
/** What may go with a cancel word: "quiero cancelar el pedido", "cancel my order please". */
export const CANCEL_WORDS = set(CANCEL_CORE, [
  'pedido', 'compra', 'orden', 'todo', 'esto', 'eso', 'carrito', 'order', 'purchase', 'checkout', 'cart', 'it', 'this', 'everything', 'my', 'mi',
]);

/** Offers: "¿tienen ofertas?", "any deals?". */
export const OFFER_WORDS = set([
  'oferta', 'ofertas', 'promo', 'promos', 'promocion', 'promociones', 'descuento', 'descuentos', 'liquidacion', 'rebaja', 'rebajas',
  'offer', 'offers', 'deal', 'deals', 'discount', 'discounts', 'specials', 'promotion', 'promotions',
]);

/** Help: "ayuda", "¿cómo compro?", "how does this work?". */
export const HELP_WORDS = set(['ayuda', 'ayudame', 'ayudas', 'help', 'funciona', 'funcionas', 'work', 'works', 'compro', 'comprar', 'instrucciones']);

/** Asking what there is: "¿qué venden?", "catálogo", "what do you sell?". */
export const BROWSE_WORDS = set(['catalogo', 'catalog', 'productos', 'products', 'lista', 'list', 'venden', 'vendes', 'sell', 'todo', 'everything', 'cosas', 'stuff']);

/**
 * Question and filler words: never the product. Dropped wherever they are ("¿cuánto sale la
 * amoladora?" → amoladora; "tenés cinta de teflón?" → cinta de teflón).
 */
export const FILLER_WORDS = set(
  // price and stock questions
  ['cuanto', 'cuantos', 'cuanta', 'cuantas', 'sale', 'salen', 'cuesta', 'cuestan', 'vale', 'valen', 'precio', 'precios', 'costo', 'valor'],
  ['stock', 'disponible', 'disponibles', 'queda', 'quedan', 'quedo', 'hay', 'habra', 'habria'],
  // voseo and usted: tenés, tienen, buscás, me pasás, podés, mostrame, necesito, quiero
  ['tenes', 'tene', 'tienen', 'tiene', 'tendras', 'tendran', 'tendrian', 'tendrias', 'tenian', 'tenia', 'manejan', 'manejas', 'trabajan', 'traen'],
  ['busco', 'buscas', 'buscan', 'buscaba', 'buscando', 'necesito', 'necesitaba', 'necesitaria', 'quiero', 'quisiera', 'queria', 'querria', 'quisieramos'],
  ['pasas', 'pasa', 'pasan', 'pasame', 'pasarme', 'podes', 'podrias', 'puede', 'pueden', 'podrian', 'mostrame', 'mostras', 'muestran', 'decime', 'dame', 'mandame', 'averiguame'],
  ['vendes', 'venden', 'vende', 'comprar', 'compro', 'llevar', 'llevo', 'encargar', 'pedir', 'conseguir', 'consigo', 'ver', 'mirar', 'saber'],
  ['me', 'te', 'nos', 'les', 'vos', 'ustedes', 'uds', 'ud', 'usted', 'yo'],
  ['info', 'informacion', 'consulta', 'consulto', 'pregunta', 'pregunto', 'sobre', 'algo', 'alguno', 'alguna', 'algun', 'algunos', 'algunas'],
  ['que', 'cual', 'cuales', 'donde', 'si', 'no', 'hola', 'buenas', 'buenos', 'dias', 'tardes', 'che', 'gracias', 'porfa', 'porfavor', 'favor', 'plis', 'porfis'],
  // English
  ['how', 'much', 'many', 'is', 'are', 'was', 'do', 'does', 'did', 'you', 'your', 'have', 'has', 'got', 'any', 'anything', 'some', 'something'],
  ['i', 'im', "i'm", 'me', 'my', 'we', 'looking', 'look', 'searching', 'search', 'need', 'want', 'wanna', 'would', 'like', 'could', 'can', 'get', 'buy'],
  ['price', 'prices', 'cost', 'costs', 'what', 'whats', "what's", 'which', 'where', 'show', 'tell', 'about', 'please', 'pls', 'plz', 'hi', 'hello', 'hey', 'thanks'],
  ['stock', 'available', 'sell', 'sells', 'selling', 'there', 'it', 'guys', 'still', 'currently', 'now'],
);

/** Words that may begin or end what is left but not stand for the product ("la amoladora", "a hammer drill", "martillo para"). */
export const EDGE_WORDS = set([
  'el', 'la', 'los', 'las', 'lo', 'un', 'una', 'unos', 'unas', 'de', 'del', 'al', 'a', 'para', 'por', 'con', 'en', 'y', 'o', 'u', 'e',
  'ese', 'esa', 'esos', 'esas', 'este', 'esta', 'estos', 'estas', 'eso', 'esto', 'mas', 'tipo', 'como',
  'the', 'a', 'an', 'of', 'for', 'to', 'in', 'on', 'with', 'and', 'or', 'that', 'this', 'these', 'those', 'one', 'ones', 'some', 'kind',
]);
